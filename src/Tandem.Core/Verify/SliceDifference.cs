namespace Tandem.Core.Verify;

/// <summary>A time slice of a table whose rows differ between the sides (time-slice mode).</summary>
public sealed record SliceDifference(DateTime From, DateTime Until, long SourceRows, long TargetRows);
