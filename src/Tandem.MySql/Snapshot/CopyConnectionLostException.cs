using Tandem.Core.Errors;

namespace Tandem.MySql.Snapshot;

/// <summary>A snapshot or write connection of the copy was lost; retrying the task resumes the copy.</summary>
public sealed class CopyConnectionLostException(string message, string hint) : TandemException(message, hint)
{
    public override bool IsTransient => true;
}
