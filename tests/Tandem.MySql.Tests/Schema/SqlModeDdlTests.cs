using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Schema;
using Tandem.MySql.Schema.Ddl;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Tests.Schema;

/// <summary>Statements logged under ANSI_QUOTES or NO_BACKSLASH_ESCAPES read as the session that ran them read them.</summary>
public sealed class SqlModeDdlTests
{
    private static readonly SchemaCatalog Empty = SchemaCatalog.Empty(SchemaCatalogOptions.MariaDbDefaults).WithDatabase("db", "utf8mb4", "utf8mb4_general_ci");

    [Fact]
    public void The_binlog_sql_mode_bits_select_the_modes()
    {
        Assert.Equal(new DdlSqlMode(true, false), DdlSqlMode.FromBits(0x4));
        Assert.Equal(new DdlSqlMode(false, true), DdlSqlMode.FromBits(0x100000));
        Assert.Equal(default, DdlSqlMode.FromBits(0x200000 | 0x1));
        Assert.Equal(default, DdlSqlMode.FromBits(null));
        Assert.Equal(0x100004UL, new DdlSqlMode(true, true).ToBits());
    }

    [Fact]
    public void Ansi_quotes_make_double_quotes_identifiers()
    {
        var result = Empty.Apply("db", """CREATE TABLE "t" ("id" INT PRIMARY KEY, "we""ird" INT)""", new DdlSqlMode(AnsiQuotes: true, NoBackslashEscapes: false));

        Assert.Equal(SchemaChangeKind.CreateTable, result.Kind);
        Assert.Equal(["id", "we\"ird"], result.Catalog.Find("db", "t")!.Columns.Select(static c => c.Name));
    }

    [Fact]
    public void Without_ansi_quotes_the_same_statement_is_not_a_table_definition()
    {
        var result = Empty.Apply("db", """CREATE TABLE "t" ("id" INT PRIMARY KEY)""");

        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
    }

    [Fact]
    public void No_backslash_escapes_keeps_backslashes_in_labels()
    {
        const string Sql = """CREATE TABLE t (e ENUM('a\', 'b'))""";

        var literal = Empty.Apply("db", Sql, new DdlSqlMode(AnsiQuotes: false, NoBackslashEscapes: true));
        Assert.Equal(["a\\", "b"], literal.Catalog.Find("db", "t")!.Columns[0].Values);

        // Under the default mode \' escapes the quote, so the same text is one unterminated label.
        Assert.Equal(SchemaChangeKind.Unparsed, Empty.Apply("db", Sql).Kind);
    }

    [Fact]
    public async Task The_history_replays_a_statement_with_the_mode_it_ran_under()
    {
        var store = new MemorySchemaHistoryStore();
        var history = await SchemaHistory.CreateAsync(store, new HistoryPosition("bin.000001", 4), Empty, CancellationToken.None);
        await history.ApplyAsync(new HistoryPosition("bin.000001", 100), "db", """CREATE TABLE "q" ("x" INT)""", new DdlSqlMode(true, false), CancellationToken.None);

        var reopened = await SchemaHistory.OpenAsync(store, CancellationToken.None);

        Assert.Equal(["x"], reopened!.Current.Find("db", "q")!.Columns.Select(static c => c.Name));
    }
}
