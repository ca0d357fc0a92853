using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.Core.Verify;
using Tandem.MySql.Meta;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Verify;

/// <summary>
/// Compares the definitions of the tables to verify, before any data: tables missing on either side, columns missing,
/// of another type, nullability, character set or collation, and a different key. Data is then compared on the
/// columns both sides have, matched by the source's key; a table a side lacks is not compared.
/// </summary>
internal static class SchemaComparison
{
    public static (List<SchemaDifference> Differences, List<VerifyTablePlan> Plans) Compare(SchemaCatalog source, SchemaCatalog target, MySqlVerifyOptions options)
    {
        var differences = new List<SchemaDifference>();
        var plans = new List<VerifyTablePlan>();
        var mapped = new HashSet<(string, string)>();
        foreach (var table in source.Tables.Where(t => Wanted(t, options)).OrderBy(static t => t.QualifiedName, StringComparer.Ordinal))
        {
            var (database, name) = options.Router.Map(table.Database, table.Name);
            var other = target.Find(database, name);
            if (other is null)
            {
                differences.Add(new SchemaDifference(table.QualifiedName, $"missing on the target (looked for {database}.{name})") { BlocksData = true });
                continue;
            }

            mapped.Add((other.Database, other.Name));
            differences.AddRange(CompareColumns(table, other));
            var plan = Plan(table, other, options.Where);
            if (plan is null)
            {
                differences.Add(new SchemaDifference(table.QualifiedName, "no column is on both sides") { BlocksData = true });
                continue;
            }

            if (KeyOf(other) is var targetKey && !SameColumns(KeyOf(table), targetKey))
            {
                differences.Add(new SchemaDifference(table.QualifiedName,
                    $"the key differs: ({Names(KeyOf(table))}) on the source, ({Names(targetKey)}) on the target; rows are matched by the source's key"));
            }

            plans.Add(plan);
        }

        if (options.Router.IsIdentity)
        {
            foreach (var table in target.Tables.Where(t => Wanted(t, options) && !mapped.Contains((t.Database, t.Name))))
                differences.Add(new SchemaDifference(table.QualifiedName, "only on the target") { BlocksData = true });
        }

        return (differences, plans);
    }

    private static bool Wanted(TableSchema table, MySqlVerifyOptions options) =>
        !string.Equals(table.Database, MetaSchema.Database, StringComparison.OrdinalIgnoreCase) && options.Tables.Includes(table.Database, table.Name);

    /// <summary>The comparison plan over the columns both sides have, or null when they share none.</summary>
    public static VerifyTablePlan? Plan(TableSchema source, TableSchema target, string? filter)
    {
        var columns = new List<VerifyColumn>();
        foreach (var column in source.Columns)
        {
            var index = target.IndexOf(column.Name);
            if (index < 0)
                continue;
            var other = target.Columns[index];
            var convert = !column.IsBinary && !other.IsBinary && !string.Equals(column.CharacterSet, other.CharacterSet, StringComparison.OrdinalIgnoreCase);
            // Encoded as nullable when either side allows NULL, so both servers run the same expression on every value.
            columns.Add(new VerifyColumn(column with { Nullable = column.Nullable || other.Nullable }, convert));
        }

        if (columns.Count == 0)
            return null;
        if (columns.All(static c => !c.ConvertText) && CanonicalSql.SharesOneCharacterSet(columns.Select(static c => c.Source)))
            columns = [.. columns.Select(static c => c with { BareText = true })];
        var key = KeyOf(source) is { } index2 && index2.Columns.All(c => columns.Any(v => v.Name.Equals(c, StringComparison.OrdinalIgnoreCase)))
            ? index2.Columns.Select(c => columns.First(v => v.Name.Equals(c, StringComparison.OrdinalIgnoreCase))).ToList()
            : [];
        return new VerifyTablePlan(source, target, columns, key, filter);
    }

    private static IndexSchema? KeyOf(TableSchema table) => ReplicationKey.Choose(table);

    private static bool SameColumns(IndexSchema? a, IndexSchema? b) =>
        a is null ? b is null : b is not null && a.Columns.SequenceEqual(b.Columns, StringComparer.OrdinalIgnoreCase);

    private static string Names(IndexSchema? key) => key is null ? "none" : string.Join(", ", key.Columns);

    private static IEnumerable<SchemaDifference> CompareColumns(TableSchema source, TableSchema target)
    {
        var table = source.QualifiedName;
        foreach (var column in source.Columns)
        {
            var index = target.IndexOf(column.Name);
            if (index < 0)
            {
                yield return new SchemaDifference(table, $"column {column.Name} is missing on the target; it is not compared");
                continue;
            }

            var other = target.Columns[index];
            if (!string.Equals(column.ColumnType, other.ColumnType, StringComparison.OrdinalIgnoreCase))
                yield return new SchemaDifference(table, $"column {column.Name} is {column.ColumnType} on the source, {other.ColumnType} on the target");
            if (column.Nullable != other.Nullable)
                yield return new SchemaDifference(table, $"column {column.Name} is {Nullability(column)} on the source, {Nullability(other)} on the target");
            if (!string.Equals(column.CharacterSet, other.CharacterSet, StringComparison.OrdinalIgnoreCase))
                yield return new SchemaDifference(table, $"column {column.Name} has character set {column.CharacterSet ?? "none"} on the source, {other.CharacterSet ?? "none"} on the target; values are compared as utf8mb4");
            else if (!string.Equals(column.Collation, other.Collation, StringComparison.OrdinalIgnoreCase))
                yield return new SchemaDifference(table, $"column {column.Name} has collation {column.Collation} on the source, {other.Collation} on the target");
        }

        foreach (var column in target.Columns.Where(c => source.IndexOf(c.Name) < 0))
            yield return new SchemaDifference(table, $"column {column.Name} is only on the target; it is not compared");
    }

    private static string Nullability(ColumnSchema column) => column.Nullable ? "NULL" : "NOT NULL";
}
