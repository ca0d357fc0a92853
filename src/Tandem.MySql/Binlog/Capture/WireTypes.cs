using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>How declared column types appear in TABLE_MAP, to check the tracked schema against the binlog.</summary>
internal static class WireTypes
{
    /// <summary>STRING's real type from its metadata (b0 &lt;&lt; 8 | b1), with the long-CHAR quirk of MySQL bug 37426.</summary>
    public static ColumnType RealType(byte wireType, ushort metadata) =>
        (ColumnType)wireType != ColumnType.String ? (ColumnType)wireType
        : metadata >> 8 == 0 ? ColumnType.String
        : (ColumnType)TableMapMetadata.SplitString(metadata).RealType;

    /// <summary>False when a column declared as <paramref name="dataType"/> can never be logged as <paramref name="wire"/>; true for types Tandem does not know.</summary>
    public static bool Compatible(string dataType, ColumnType wire) => dataType switch
    {
        "tinyint" or "bool" or "boolean" => wire == ColumnType.Tiny,
        "smallint" => wire == ColumnType.Short,
        "mediumint" => wire == ColumnType.Int24,
        "int" or "integer" => wire == ColumnType.Long,
        "bigint" => wire == ColumnType.LongLong,
        "float" => wire == ColumnType.Float,
        "double" or "real" or "double precision" => wire == ColumnType.Double,
        "decimal" or "numeric" or "dec" or "fixed" => wire is ColumnType.NewDecimal or ColumnType.Decimal,
        "date" => wire is ColumnType.Date or ColumnType.NewDate,
        "time" => wire is ColumnType.Time2 or ColumnType.Time,
        "datetime" => wire is ColumnType.DateTime2 or ColumnType.DateTime,
        "timestamp" => wire is ColumnType.Timestamp2 or ColumnType.Timestamp,
        "year" => wire == ColumnType.Year,
        "char" or "binary" or "inet4" or "inet6" or "uuid" => wire == ColumnType.String,
        "varchar" or "varbinary" => wire is ColumnType.VarChar or ColumnType.VarString,
        "bit" => wire == ColumnType.Bit,
        "enum" => wire == ColumnType.Enum,
        "set" => wire == ColumnType.Set,
        "tinytext" or "text" or "mediumtext" or "longtext" or "tinyblob" or "blob" or "mediumblob" or "longblob" => wire == ColumnType.Blob,
        "json" => wire is ColumnType.Json or ColumnType.Blob,
        "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon"
            or "geometrycollection" or "geomcollection" => wire == ColumnType.Geometry,
        "vector" => wire is ColumnType.Vector or ColumnType.VarString or ColumnType.VarChar,
        _ => true,
    };
}
