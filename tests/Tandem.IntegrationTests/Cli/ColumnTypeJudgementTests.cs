using Tandem.Cli.Check;
using Tandem.Core.Filtering;
using Tandem.MySql.Schema;

namespace Tandem.IntegrationTests.Cli;

/// <summary>
/// Which column types `tandem check` and a task's preflight refuse, judged from information_schema rows. Every type
/// MariaDB 10.11 can create is carried (its DATA_TYPE values below, read from a real server), so the refusal is judged
/// from the types other servers report: MySQL 9's VECTOR, MariaDB's read-only MYSQL_JSON, and a type no server has yet.
/// </summary>
public sealed class ColumnTypeJudgementTests
{
    /// <summary>information_schema.COLUMNS.DATA_TYPE of every type a MariaDB 10.11 table can hold, aliases and Oracle mode included.</summary>
    private static readonly string[] MariaDb1011Types =
    [
        "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "bit", "year",
        "date", "time", "datetime", "timestamp", "char", "varchar", "binary", "varbinary",
        "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "enum", "set",
        "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
        "inet4", "inet6", "uuid",
    ];

    [Fact]
    public void Every_type_mariadb_10_11_has_is_carried()
    {
        Assert.All(MariaDb1011Types, static type => Assert.True(CarriedColumnTypes.IsCarried(type), type));
    }

    [Fact]
    public void Columns_of_uncarried_types_in_the_tasks_tables_are_found_naming_table_column_and_type()
    {
        SourceColumn[] columns =
        [
            new("app", "hosts", "addr", "inet6", "inet6"),
            new("app", "embeddings", "v", "vector", "vector(3)"),
            new("app", "legacy", "doc", "mysql_json", "mysql_json"),
            new("app", "future", "x", "xmltype", "xmltype"),
            new("other", "skipped", "v", "vector", "vector(8)"),
        ];

        var found = UncarriedColumns.Find(columns, TableFilter.Parse(["app.*"]));

        Assert.Equal(["app.embeddings.v (vector(3))", "app.legacy.doc (mysql_json)", "app.future.x (xmltype)"], found.Select(static c => c.ToString()));
        var row = UncarriedColumns.Judge(found, limit: 2);
        Assert.Equal(CheckStatus.Fail, row.Status);
        Assert.Equal("column types", row.Name);
        Assert.Contains("3 column(s)", row.Detail, StringComparison.Ordinal);
        Assert.Contains("app.embeddings.v (vector(3))", row.Detail, StringComparison.Ordinal);
        Assert.Contains("and 1 more", row.Detail, StringComparison.Ordinal);
        Assert.Contains("MODIFY col JSON", row.Fix, StringComparison.Ordinal);
        Assert.Contains("'!db.table'", row.Fix, StringComparison.Ordinal);

        var refusal = UncarriedColumns.Refusal(found, "mysql://root@127.0.0.1:3307");
        Assert.Contains("mysql://root@127.0.0.1:3307", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("app.future.x (xmltype)", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("xmltype (in app.future)", refusal.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_of_carried_types_pass()
    {
        var found = UncarriedColumns.Find([new SourceColumn("app", "t", "u", "uuid", "uuid"), new SourceColumn("app", "t", "j", "json", "json")], null);

        Assert.Empty(found);
        Assert.Equal(CheckStatus.Pass, UncarriedColumns.Judge(found, 20).Status);
    }
}
