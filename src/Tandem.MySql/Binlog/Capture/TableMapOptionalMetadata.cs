using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The binlog_row_metadata fields of a TABLE_MAP that Tandem uses: signedness, character sets, column names, ENUM/SET
/// labels and the primary key. Field types and layouts from Table_map_event::Optional_metadata_field_type
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html):
/// SIGNEDNESS is a bitmap, most significant bit first, over numeric columns only; charsets count character columns
/// only; names, labels and keys are length-prefixed lists.
/// </summary>
internal sealed class TableMapOptionalMetadata
{
    public bool?[] Unsigned { get; private init; } = [];

    /// <summary>Collation id per column, for character (and with ENUM/SET fields, enum/set) columns; null when not logged.</summary>
    public int?[] Collations { get; private init; } = [];

    public string[]? ColumnNames { get; private set; }

    public IReadOnlyList<string>?[] Labels { get; private init; } = [];

    public int[]? PrimaryKey { get; private set; }

    public bool HasNames => ColumnNames is not null;

    /// <param name="realTypes">Each column's type with STRING resolved to ENUM/SET/STRING.</param>
    public static TableMapOptionalMetadata Parse(IReadOnlyList<(byte Type, byte[] Value)> fields, ColumnType[] realTypes, bool isMariaDb)
    {
        var count = realTypes.Length;
        var result = new TableMapOptionalMetadata
        {
            Unsigned = new bool?[count],
            Collations = new int?[count],
            Labels = new IReadOnlyList<string>?[count],
        };
        var numeric = Indexes(realTypes, IsNumeric);
        var character = Indexes(realTypes, t => IsCharacter(t, isMariaDb));
        var enumSet = Indexes(realTypes, static t => t is ColumnType.Enum or ColumnType.Set);
        foreach (var (type, value) in fields)
        {
            var reader = new PayloadReader(value, "table map optional metadata");
            switch (type)
            {
                case 1:
                    for (var i = 0; i < numeric.Length && i / 8 < value.Length; i++)
                        result.Unsigned[numeric[i]] = (value[i / 8] & (0x80 >> (i % 8))) != 0;
                    break;
                case 2:
                    ReadDefaultCharset(ref reader, character, result.Collations);
                    break;
                case 3:
                    ReadColumnCharsets(ref reader, character, result.Collations);
                    break;
                case 4:
                    var names = new string[count];
                    for (var i = 0; i < count; i++)
                        names[i] = reader.ReadLengthEncodedString();
                    result.ColumnNames = names;
                    break;
                case 5:
                    ReadLabels(ref reader, realTypes, ColumnType.Set, result.Labels);
                    break;
                case 6:
                    ReadLabels(ref reader, realTypes, ColumnType.Enum, result.Labels);
                    break;
                case 8:
                    var keys = new List<int>();
                    while (!reader.AtEnd)
                        keys.Add(CheckedIndex(reader.ReadLengthEncodedInteger(), count));
                    result.PrimaryKey = [.. keys];
                    break;
                case 9:
                    var prefixed = new List<int>();
                    while (!reader.AtEnd)
                    {
                        prefixed.Add(CheckedIndex(reader.ReadLengthEncodedInteger(), count));
                        reader.ReadLengthEncodedInteger();
                    }

                    result.PrimaryKey = [.. prefixed];
                    break;
                case 10:
                    ReadDefaultCharset(ref reader, enumSet, result.Collations);
                    break;
                case 11:
                    ReadColumnCharsets(ref reader, enumSet, result.Collations);
                    break;
                default:
                    break; // Geometry type, visibility, vector dimensions: nothing Tandem decodes with.
            }
        }

        return result;
    }

    private static void ReadDefaultCharset(ref PayloadReader reader, int[] columns, int?[] collations)
    {
        var fallback = (int)reader.ReadLengthEncodedInteger();
        foreach (var column in columns)
            collations[column] = fallback;
        while (!reader.AtEnd)
        {
            var index = CheckedIndex(reader.ReadLengthEncodedInteger(), columns.Length);
            collations[columns[index]] = (int)Math.Min(reader.ReadLengthEncodedInteger(), int.MaxValue);
        }
    }

    private static void ReadColumnCharsets(ref PayloadReader reader, int[] columns, int?[] collations)
    {
        foreach (var column in columns)
        {
            if (reader.AtEnd)
                break;
            collations[column] = (int)Math.Min(reader.ReadLengthEncodedInteger(), int.MaxValue);
        }
    }

    private static void ReadLabels(ref PayloadReader reader, ColumnType[] realTypes, ColumnType kind, IReadOnlyList<string>?[] labels)
    {
        for (var column = 0; column < realTypes.Length && !reader.AtEnd; column++)
        {
            if (realTypes[column] != kind)
                continue;
            var count = reader.ReadLengthEncodedInteger();
            if (count > (ulong)reader.Remaining)
                throw reader.Malformed($"at most {reader.Remaining} labels", reader.Offset);
            var values = new string[(int)count];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.ReadLengthEncodedString();
            labels[column] = values;
        }
    }

    private static int CheckedIndex(ulong index, int count) =>
        index < (ulong)count ? (int)index : throw new Protocol.MySqlProtocolException($"table map optional metadata names column {index} of {count}");

    private static int[] Indexes(ColumnType[] types, Func<ColumnType, bool> predicate)
    {
        var result = new List<int>();
        for (var i = 0; i < types.Length; i++)
        {
            if (predicate(types[i]))
                result.Add(i);
        }

        return [.. result];
    }

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long
        or ColumnType.LongLong or ColumnType.Float or ColumnType.Double or ColumnType.NewDecimal or ColumnType.Decimal;

    private static bool IsCharacter(ColumnType type, bool isMariaDb) => type is ColumnType.String or ColumnType.VarString or ColumnType.VarChar
        or ColumnType.Blob || (isMariaDb && type == ColumnType.Geometry);
}
