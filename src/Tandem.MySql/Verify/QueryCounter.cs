namespace Tandem.MySql.Verify;

/// <summary>Counts the queries a verification sends to one server, for the report and the drill-down's budget.</summary>
internal sealed class QueryCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
