namespace Tandem.MySql.Binlog.Positions;

/// <summary>Collects intervals per (UUID, tag) in any order, then sorts and merges them into a <see cref="MySqlGtidSet"/>.</summary>
internal sealed class GtidSetBuilder
{
    private readonly Dictionary<(UInt128 Uuid, string Tag), List<GtidInterval>> _sources = [];

    /// <summary>Adds <c>[start, end)</c>; the caller has checked 1 ≤ start &lt; end.</summary>
    public void Add(UInt128 uuid, string tag, GtidInterval interval)
    {
        if (!_sources.TryGetValue((uuid, tag), out var intervals))
        {
            intervals = [];
            _sources.Add((uuid, tag), intervals);
        }

        intervals.Add(interval);
    }

    public void AddAll(MySqlGtidSet set)
    {
        foreach (var source in set.Sources)
        {
            foreach (var interval in source.Intervals)
            {
                Add(source.Uuid, source.Tag, interval);
            }
        }
    }

    public MySqlGtidSet Build()
    {
        var sources = new GtidSource[_sources.Count];
        var i = 0;
        foreach (var ((uuid, tag), list) in _sources)
        {
            var intervals = list.ToArray();
            var count = GtidIntervals.Normalize(intervals);
            sources[i++] = new GtidSource(uuid, tag, count == intervals.Length ? intervals : intervals[..count]);
        }

        Array.Sort(sources, static (a, b) => a.CompareKey(b.Uuid, b.Tag));
        return MySqlGtidSet.FromSorted(sources);
    }
}
