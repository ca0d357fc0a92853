namespace Tandem.Core.Model;

/// <summary>
/// Where a source's change stream stands, in the source's own terms (a binlog file and offset with a GTID set,
/// a PostgreSQL LSN). <see cref="ToString"/> is the form users see and pass back to resume.
/// </summary>
public abstract record SourcePosition;
