namespace Tandem.MySql.Binlog.Events;

/// <summary>INCIDENT (26): the source could not log something. Post-header: incident number (2); body: message length (1), message.</summary>
public sealed class IncidentEvent : BinlogEvent
{
    public required int Incident { get; init; }

    public required string Message { get; init; }
}
