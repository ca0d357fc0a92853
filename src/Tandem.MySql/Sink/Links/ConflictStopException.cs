using Tandem.Core.Errors;

namespace Tandem.MySql.Sink.Links;

/// <summary>A conflict under the `stop` policy: the direction stops before writing the batch that met it.</summary>
public sealed class ConflictStopException : TandemException
{
    public ConflictStopException(ConflictRecord conflict, string targetServer)
        : base(
            $"conflict on {conflict.Table} row {conflict.KeyJson} ({Core.Replication.Conflicts.ConflictKindText.Name(conflict.Kind)}) applying the change at {conflict.SourcePosition}; the conflict policy is stop",
            $"the row's images are in tandem_meta.conflicts on {targetServer}; make the row right on both servers by hand (or choose another policy), then start the link again: it resumes at this change")
    {
        Conflict = conflict;
    }

    public ConflictRecord Conflict { get; }
}
