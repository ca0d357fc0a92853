namespace Tandem.MySql.Binlog.Positions;

/// <summary>Operations on a sorted array of disjoint, non-adjacent intervals; arrays are never changed in place.</summary>
internal static class GtidIntervals
{
    /// <summary>Transaction numbers run from 1 to 2^63-2: the exclusive end must still fit a signed 64-bit integer (sql/rpl_gtid.h, GNO_END).</summary>
    public const long MaxGno = long.MaxValue - 1;

    public static bool Contains(GtidInterval[] intervals, long gno)
    {
        var i = FirstEndingAtOrAfter(intervals, gno + 1);
        return i < intervals.Length && intervals[i].Start <= gno;
    }

    /// <summary>
    /// Returns <paramref name="intervals"/> itself when <paramref name="gno"/> is already in it, else a new array with it
    /// added. Appending the next number of the last interval, the usual case while streaming, is one short copy.
    /// </summary>
    public static GtidInterval[] Insert(GtidInterval[] intervals, long gno)
    {
        var n = intervals.Length;
        if (n > 0)
        {
            var last = intervals[n - 1];
            if (gno == last.End)
            {
                var extended = (GtidInterval[])intervals.Clone();
                extended[n - 1] = last with { End = gno + 1 };
                return extended;
            }

            if (gno >= last.Start && gno < last.End)
            {
                return intervals;
            }
        }

        var i = FirstEndingAtOrAfter(intervals, gno);
        if (i == n)
        {
            return [.. intervals, new GtidInterval(gno, gno + 1)];
        }

        var at = intervals[i];
        if (gno >= at.Start && gno < at.End)
        {
            return intervals;
        }

        if (at.End == gno)
        {
            // Extends interval i to the right; it may now touch interval i + 1.
            if (i + 1 < n && intervals[i + 1].Start == gno + 1)
            {
                return [.. intervals.AsSpan(0, i), new GtidInterval(at.Start, intervals[i + 1].End), .. intervals.AsSpan(i + 2)];
            }

            var grown = (GtidInterval[])intervals.Clone();
            grown[i] = at with { End = gno + 1 };
            return grown;
        }

        if (at.Start == gno + 1)
        {
            var lowered = (GtidInterval[])intervals.Clone();
            lowered[i] = at with { Start = gno };
            return lowered;
        }

        return [.. intervals.AsSpan(0, i), new GtidInterval(gno, gno + 1), .. intervals.AsSpan(i)];
    }

    /// <summary>Sorts and merges overlapping or adjacent intervals in place; returns how many remain at the front.</summary>
    public static int Normalize(Span<GtidInterval> intervals)
    {
        if (intervals.Length == 0)
        {
            return 0;
        }

        intervals.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var count = 1;
        for (var i = 1; i < intervals.Length; i++)
        {
            ref var current = ref intervals[count - 1];
            var next = intervals[i];
            if (next.Start <= current.End)
            {
                if (next.End > current.End)
                {
                    current = current with { End = next.End };
                }
            }
            else
            {
                intervals[count++] = next;
            }
        }

        return count;
    }

    /// <summary>True when every number of <paramref name="inner"/> is in <paramref name="outer"/>; both normalized.</summary>
    public static bool Covers(GtidInterval[] outer, GtidInterval[] inner)
    {
        foreach (var interval in inner)
        {
            var i = FirstEndingAtOrAfter(outer, interval.End);
            if (i == outer.Length || outer[i].Start > interval.Start)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index of the first interval whose exclusive end is at least <paramref name="end"/>, or the length.</summary>
    private static int FirstEndingAtOrAfter(GtidInterval[] intervals, long end)
    {
        int lo = 0, hi = intervals.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (intervals[mid].End < end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
