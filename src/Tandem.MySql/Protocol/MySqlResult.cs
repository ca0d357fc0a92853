using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Protocol;

/// <summary>What the server reported for a statement that returned no rows (or for the last result of several).</summary>
public readonly record struct MySqlResult(ulong AffectedRows, ulong LastInsertId, ushort WarningCount, ServerStatus Status)
{
    internal static MySqlResult From(OkPayload ok) => new(ok.AffectedRows, ok.LastInsertId, ok.WarningCount, ok.Status);
}
