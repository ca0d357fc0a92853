namespace Tandem.IntegrationTests.Fidelity;

/// <summary>How a column's values are compared: each kind has one canonical text (see <see cref="CanonicalValue"/>).</summary>
internal enum ValueKind
{
    /// <summary>Integers, BIT and YEAR: the exact number in decimal.</summary>
    Integer,

    /// <summary>FLOAT: the 32 bits of the single.</summary>
    Float,

    /// <summary>DOUBLE: the 64 bits of the double.</summary>
    Double,

    /// <summary>DECIMAL: every digit the server sends, scale included.</summary>
    Decimal,

    /// <summary>DATE: year, month and day, zero parts kept.</summary>
    Date,

    /// <summary>DATETIME and TIMESTAMP: date and time to the microsecond, zero parts kept.</summary>
    DateTime,

    /// <summary>TIME: sign, hours past 24, minutes, seconds and microseconds.</summary>
    Time,

    /// <summary>Character strings, ENUM, SET and JSON: the text, code point for code point.</summary>
    Text,

    /// <summary>BINARY, VARBINARY and BLOB: the bytes.</summary>
    Binary,

    /// <summary>GEOMETRY and its subtypes: the SRID and the WKB bytes.</summary>
    Geometry,

    /// <summary>The INET4, INET6 and UUID type plugins: the text the server shows for them.</summary>
    PluginText,
}
