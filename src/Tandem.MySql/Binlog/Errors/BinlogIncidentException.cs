using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Errors;

/// <summary>
/// The source wrote an INCIDENT event: something happened that the binlog does not record (for example a
/// statement that changed data but failed to be logged), so a replica that carries on may silently diverge.
/// </summary>
public sealed class BinlogIncidentException : MySqlException
{
    public BinlogIncidentException(string position, int incident, string message)
        : base($"the source logged incident {incident} at {position}: {(message.Length == 0 ? "(no message)" : message)}", "the binlog is missing changes from this point; find the cause on the source, then re-snapshot the target (or verify and repair it) before resuming after this position")
    {
        Position = position;
        Incident = incident;
    }

    public string Position { get; }

    public int Incident { get; }
}
