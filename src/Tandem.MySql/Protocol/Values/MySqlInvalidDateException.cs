namespace Tandem.MySql.Protocol.Values;

/// <summary>A zero or otherwise invalid MySQL date (0000-00-00, 2020-00-15, 2021-02-30) asked to become a .NET <see cref="DateTime"/>.</summary>
public sealed class MySqlInvalidDateException : MySqlException
{
    public MySqlInvalidDateException(string value)
        : base(
            $"the MySQL value '{value}' is a zero or invalid date, which System.DateTime cannot represent",
            "read it as MySqlDateTime, or turn zero dates into NULL in the query (NULLIF(col, '0000-00-00'))")
    {
        Value = value;
    }

    /// <summary>The server's text form of the value.</summary>
    public string Value { get; }
}
