using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// A replication position that cannot be read: GTID set text or bytes, a MariaDB GTID position, or a
/// <c>file:offset</c> pair. The message names the bad part; the hint shows the form that was expected.
/// </summary>
public sealed class BinlogPositionFormatException : MySqlException
{
    public BinlogPositionFormatException(string message, string expectedForm, string? text = null)
        : base(message, expectedForm)
    {
        Text = text;
    }

    /// <summary>The text that was being read, when the input was text; null for binary input.</summary>
    public string? Text { get; }
}
