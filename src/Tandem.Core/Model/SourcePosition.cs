namespace Tandem.Core.Model;

/// <summary>
/// Where a source's change stream stands, in the source's own terms (a binlog file and offset with a GTID set,
/// a PostgreSQL LSN). Opaque outside its engine: the runtime only orders positions of one stream and shows them.
/// <see cref="ToString"/> is the form users see and pass back to resume.
/// </summary>
public abstract record SourcePosition : IComparable<SourcePosition>
{
    /// <summary>The engine whose stream this is a place in (<c>mysql</c>, <c>postgres</c>).</summary>
    public abstract string Engine { get; }

    /// <summary>Orders two places in one stream; a position of another engine does not compare.</summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> is of another engine.</exception>
    public int CompareTo(SourcePosition? other)
    {
        if (other is null)
            return 1;
        if (other.GetType() != GetType() || !string.Equals(other.Engine, Engine, StringComparison.Ordinal))
            throw new ArgumentException($"the {Engine} position {this} does not compare with the {other.Engine} position {other}", nameof(other));
        return CompareToSameKind(other);
    }

    /// <summary>Orders this position and one of the same type.</summary>
    protected abstract int CompareToSameKind(SourcePosition other);

    public static bool operator <(SourcePosition? left, SourcePosition? right) => Compare(left, right) < 0;

    public static bool operator <=(SourcePosition? left, SourcePosition? right) => Compare(left, right) <= 0;

    public static bool operator >(SourcePosition? left, SourcePosition? right) => Compare(left, right) > 0;

    public static bool operator >=(SourcePosition? left, SourcePosition? right) => Compare(left, right) >= 0;

    private static int Compare(SourcePosition? left, SourcePosition? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
