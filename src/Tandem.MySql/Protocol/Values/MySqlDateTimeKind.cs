namespace Tandem.MySql.Protocol.Values;

/// <summary>Which temporal column type a <see cref="MySqlDateTime"/> came from or is meant for.</summary>
public enum MySqlDateTimeKind
{
    Date = 0,
    DateTime = 1,
    Timestamp = 2,
}
