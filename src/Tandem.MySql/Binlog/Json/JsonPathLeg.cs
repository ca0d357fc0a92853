namespace Tandem.MySql.Binlog.Json;

/// <summary>One step of a JSON path: an object member, or an array cell counted from the start or (for <c>last - N</c>) the end.</summary>
internal readonly record struct JsonPathLeg(string? Member, int Index, bool FromEnd)
{
    public bool IsMember => Member is not null;

    public static JsonPathLeg ForMember(string name) => new(name, 0, false);

    public static JsonPathLeg ForIndex(int index, bool fromEnd) => new(null, index, fromEnd);

    /// <summary>The cell's position in an array of <paramref name="count"/> elements; negative when <c>last - N</c> points before the start.</summary>
    public int Position(int count) => FromEnd ? count - 1 - Index : Index;

    public override string ToString() => IsMember ? $".{Member}" : FromEnd ? $"[last-{Index}]" : $"[{Index}]";
}
