namespace Tandem.Core.Replication;

/// <summary>A task waiting for its target: since when the target has not answered, and the last error it gave.</summary>
public sealed record TargetWait(DateTimeOffset Since, string Error);
