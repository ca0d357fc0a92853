namespace Tandem.MySql.Snapshot;

/// <summary>How a column's text-protocol bytes become SQL or LOAD DATA text.</summary>
internal enum CellKind
{
    /// <summary>Integers, DECIMAL, FLOAT/DOUBLE, YEAR: the server's digits, written as they are.</summary>
    Number,

    /// <summary>BIT: the text protocol sends the value's bytes big-endian; written as an unsigned integer.</summary>
    Bit,

    /// <summary>MySQL's JSON type: text that must arrive as utf8mb4 (MySQL refuses a binary string into JSON).</summary>
    Json,

    /// <summary>Temporal types: ASCII text, quoted.</summary>
    Temporal,

    /// <summary>Character and binary strings, ENUM, SET, spatial values: bytes in the column's character set, quoted.</summary>
    Bytes,
}
