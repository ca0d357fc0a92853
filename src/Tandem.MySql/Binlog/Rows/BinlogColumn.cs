using System.Text;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Rows;

/// <summary>
/// How one column of a rows event is decoded: the TABLE_MAP type and metadata, resolved by <see cref="TableMapMetadata.Resolve"/>,
/// plus what only the schema (or TABLE_MAP optional metadata) knows.
/// </summary>
/// <param name="Type">The resolved type: STRING(254) becomes <see cref="ColumnType.Enum"/>, <see cref="ColumnType.Set"/> or stays
/// <see cref="ColumnType.String"/> (CHAR/BINARY).</param>
/// <param name="Metadata">The resolved metadata: max byte length (VARCHAR, VAR_STRING, CHAR), pack length (FLOAT, DOUBLE, BLOB,
/// GEOMETRY, JSON, VECTOR, ENUM, SET), <c>precision &lt;&lt; 8 | scale</c> (NEWDECIMAL), the number of bits (BIT),
/// fsp (TIME2, DATETIME2, TIMESTAMP2), 0 otherwise.</param>
/// <param name="Unsigned">Integer signedness, from SIGNEDNESS optional metadata or the schema; the value bytes do not say.</param>
/// <param name="TextEncoding">The character set of string columns; null means binary, decoded as <see cref="byte"/>[].</param>
/// <param name="Labels">ENUM or SET labels in declaration order; empty when unknown.</param>
internal sealed record BinlogColumn(ColumnType Type, int Metadata, bool Unsigned, Encoding? TextEncoding, IReadOnlyList<string> Labels)
{
    /// <summary>Names the column in error messages when known (COLUMN_NAME optional metadata or the schema).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// A CHAR column the schema declares as MariaDB's INET4, INET6 or UUID, which the binlog logs as BINARY(n): decoded as
    /// the text the server prints (<see cref="FixedBinaryText"/>) rather than as bytes.
    /// </summary>
    public FixedBinaryKind FixedBinary { get; init; }

    /// <summary>A column without labels, for every type but ENUM and SET.</summary>
    public BinlogColumn(ColumnType type, int metadata, bool unsigned = false, Encoding? textEncoding = null)
        : this(type, metadata, unsigned, textEncoding, [])
    {
    }
}
