using System.Text;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Rows;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// Resolves a TABLE_MAP against the tracked schema: column names and keys from the schema, wire types and type metadata
/// from the event, signedness, character sets and labels from the event's optional metadata when logged, else from the
/// schema. A column count or type that contradicts the schema stops the stream (unless the event carries its own column
/// names, binlog_row_metadata=FULL, which then win).
/// </summary>
internal sealed class TableMappingResolver
{
    private readonly SchemaTracker _schema;
    private readonly bool _isMariaDb;
    private readonly Dictionary<(string, string), (TableMapEvent Map, TableSchema Schema, TableMapping Mapping)> _cache = [];

    public TableMappingResolver(SchemaTracker schema, bool isMariaDb)
    {
        _schema = schema;
        _isMariaDb = isMariaDb;
    }

    public async ValueTask<TableMapping> ResolveAsync(TableMapEvent map, CancellationToken ct)
    {
        var schema = await _schema.FindAsync(map.Database, map.Table, map, ct).ConfigureAwait(false);
        if (schema is not null && _cache.TryGetValue((map.Database, map.Table), out var cached)
            && ReferenceEquals(cached.Schema, schema) && SameLayout(cached.Map, map))
        {
            return cached.Mapping;
        }

        var mapping = Resolve(map, schema);
        if (schema is not null)
            _cache[(map.Database, map.Table)] = (map, schema, mapping);
        return mapping;
    }

    /// <summary>Resolves a map of a table whose layout Tandem knows itself (its own tandem_meta tables), caching nothing.</summary>
    public TableMapping ResolveKnown(TableMapEvent map, TableSchema schema) => Resolve(map, schema);

    private TableMapping Resolve(TableMapEvent map, TableSchema? schema)
    {
        var metadata = TableMapMetadata.Read(map.ColumnTypes, map.MetadataBlock);
        var realTypes = new ColumnType[map.ColumnCount];
        for (var i = 0; i < realTypes.Length; i++)
            realTypes[i] = WireTypes.RealType(map.ColumnTypes[i], metadata[i]);
        var optional = TableMapOptionalMetadata.Parse(map.OptionalMetadata, realTypes, _isMariaDb);
        var qualified = $"{map.Database}.{map.Table}";

        if (optional.HasNames && (schema is null || !SameNames(schema, optional.ColumnNames!)))
            schema = FromBinlog(map, realTypes, optional, schema);
        if (schema is null)
            throw new BinlogSchemaMismatchException(map.Position, qualified, "the table is not in the tracked schema");
        if (schema.Columns.Count != map.ColumnCount)
            throw new BinlogSchemaMismatchException(map.Position, qualified, $"the binlog has {map.ColumnCount} columns, the tracked schema {schema.Columns.Count} ({string.Join(", ", schema.Columns.Select(static c => c.Name))})");

        var columns = new BinlogColumn[map.ColumnCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = schema.Columns[i];
            if (!WireTypes.Compatible(column.DataType, realTypes[i]))
                throw new BinlogSchemaMismatchException(map.Position, qualified, $"column {i + 1} '{column.Name}' is {column.ColumnType} in the tracked schema but the binlog logs it as {realTypes[i]}");
            var unsigned = optional.Unsigned[i] ?? column.Unsigned;
            var encoding = EncodingOf(column, optional.Collations[i]);
            var labels = optional.Labels[i] ?? column.Values;
            columns[i] = TableMapMetadata.Resolve(map.ColumnTypes[i], metadata[i], unsigned, encoding, labels) with
            {
                Name = column.Name,
                FixedBinary = FixedBinaryText.KindOf(column.DataType),
            };
        }

        return new TableMapping(schema, columns);
    }

    private static Encoding? EncodingOf(ColumnSchema column, int? collation)
    {
        if (column.IsBinary || FixedBinaryText.KindOf(column.DataType) != FixedBinaryKind.None)
            return null;
        if (column.CharacterSet is { } name)
            return CharsetEncodings.ForName(name);
        if (collation is { } id)
            return id == 63 ? null : MySqlCharacterSets.GetEncoding((ushort)id);
        return Encoding.UTF8;
    }

    private static bool SameNames(TableSchema schema, string[] names)
    {
        if (schema.Columns.Count != names.Length)
            return false;
        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(schema.Columns[i].Name, names[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }

        return true;
    }

    /// <summary>A schema built from binlog_row_metadata=FULL, keeping what the tracked schema knows of same-named columns.</summary>
    private static TableSchema FromBinlog(TableMapEvent map, ColumnType[] realTypes, TableMapOptionalMetadata optional, TableSchema? tracked)
    {
        var names = optional.ColumnNames!;
        var columns = new List<ColumnSchema>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            var known = tracked?.Columns.FirstOrDefault(c => string.Equals(c.Name, names[i], StringComparison.OrdinalIgnoreCase));
            if (known is not null && WireTypes.Compatible(known.DataType, realTypes[i]))
            {
                columns.Add(known);
                continue;
            }

            var dataType = realTypes[i].ToString().ToLowerInvariant();
            columns.Add(new ColumnSchema
            {
                Name = names[i],
                DataType = dataType,
                ColumnType = dataType,
                Unsigned = optional.Unsigned[i] ?? false,
                Values = optional.Labels[i] ?? [],
                CharacterSet = optional.Collations[i] == 63 ? "binary" : null,
                IsJson = realTypes[i] == ColumnType.Json,
            });
        }

        var indexes = optional.PrimaryKey is { Length: > 0 } key
            ? new List<IndexSchema> { new() { Name = "PRIMARY", IsPrimary = true, IsUnique = true, Columns = [.. key.Select(k => names[k])] } }
            : tracked?.Indexes.ToList() ?? [];
        return new TableSchema { Database = map.Database, Name = map.Table, Columns = columns, Indexes = indexes, IsSequence = tracked?.IsSequence ?? false };
    }

    private static bool SameLayout(TableMapEvent a, TableMapEvent b)
    {
        if (!a.ColumnTypes.AsSpan().SequenceEqual(b.ColumnTypes) || !a.MetadataBlock.AsSpan().SequenceEqual(b.MetadataBlock)
            || a.OptionalMetadata.Count != b.OptionalMetadata.Count)
        {
            return false;
        }

        for (var i = 0; i < a.OptionalMetadata.Count; i++)
        {
            if (a.OptionalMetadata[i].Type != b.OptionalMetadata[i].Type || !a.OptionalMetadata[i].Value.AsSpan().SequenceEqual(b.OptionalMetadata[i].Value))
                return false;
        }

        return true;
    }
}
