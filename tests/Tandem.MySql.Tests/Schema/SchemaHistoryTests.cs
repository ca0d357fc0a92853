using Tandem.Core.Errors;
using Tandem.MySql.Schema;
using Tandem.MySql.Schema.History;
using static Tandem.MySql.Tests.Schema.CatalogBuilder;

namespace Tandem.MySql.Tests.Schema;

public sealed class SchemaHistoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tandem-schema-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private static HistoryPosition At(int file, long offset) => new($"mysql-bin.{file:D6}", offset);

    private string LogPath => Path.Combine(_directory, FileSchemaHistoryStore.LogFileName);

    private async Task<SchemaHistory> NewHistoryAsync()
    {
        var initial = With("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))");
        var history = await SchemaHistory.CreateAsync(new FileSchemaHistoryStore(_directory), At(1, 100), initial, CancellationToken.None);
        await history.ApplyAsync(At(1, 500), "db", "ALTER TABLE t ADD COLUMN age INT AFTER id", CancellationToken.None);
        await history.ApplyAsync(At(2, 4), "db", "SELECT 1", CancellationToken.None);
        await history.ApplyAsync(At(2, 300), "db", "ALTER TABLE t CHANGE name full_name VARCHAR(50) NOT NULL", CancellationToken.None);
        return history;
    }

    [Fact]
    public void Positions_order_by_file_number_then_offset()
    {
        Assert.True(At(9, 9999) < At(10, 4));
        Assert.True(new HistoryPosition("bin.999999", 4) < new HistoryPosition("bin.1000000", 4));
        Assert.True(At(3, 10) < At(3, 11));
        Assert.Equal(0, At(3, 10).CompareTo(At(3, 10)));
    }

    [Fact]
    public async Task Catalog_at_a_position_has_the_schema_of_that_time()
    {
        var history = await NewHistoryAsync();
        Assert.Equal(["id", "name"], ColumnNames(history.CatalogAt(At(1, 499)), "t"));
        Assert.Equal(["id", "age", "name"], ColumnNames(history.CatalogAt(At(1, 500)), "t"));
        Assert.Equal(["id", "age", "name"], ColumnNames(history.CatalogAt(At(2, 299)), "t"));
        Assert.Equal(["id", "age", "full_name"], ColumnNames(history.CatalogAt(At(7, 0)), "t"));
        var ex = Assert.ThrowsAny<TandemException>(() => history.CatalogAt(At(1, 4)));
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public async Task Only_table_changes_are_logged()
    {
        await NewHistoryAsync();
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task A_reopened_history_replays_to_the_same_schema()
    {
        var history = await NewHistoryAsync();
        var reopened = await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None);
        Assert.NotNull(reopened);
        Assert.Equal(SchemaDescription.Describe(history.Current, "db"), SchemaDescription.Describe(reopened.Current, "db"));
        Assert.Equal(["id", "age", "name"], ColumnNames(reopened.CatalogAt(At(2, 0)), "t"));
        Assert.Equal(At(2, 300), reopened.LastPosition);
    }

    [Fact]
    public async Task An_empty_store_opens_as_null()
    {
        Assert.Null(await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None));
    }

    [Fact]
    public async Task A_torn_last_line_is_dropped_and_the_log_stays_appendable()
    {
        await NewHistoryAsync();
        await File.AppendAllTextAsync(LogPath, "{\"position\":{\"file\":\"mysql-bin.000003\",\"off");

        var reopened = await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None);
        Assert.Equal(At(2, 300), reopened!.LastPosition);
        await reopened.ApplyAsync(At(3, 10), "db", "ALTER TABLE t DROP age", CancellationToken.None);

        var again = await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None);
        Assert.Equal(["id", "full_name"], ColumnNames(again!.Current, "t"));
        Assert.Equal(3, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task A_damaged_entry_before_the_last_is_an_error_with_a_hint()
    {
        await NewHistoryAsync();
        var lines = File.ReadAllLines(LogPath);
        lines[0] = "{not json";
        File.WriteAllLines(LogPath, lines);
        var ex = await Assert.ThrowsAnyAsync<TandemException>(() => SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None));
        Assert.Contains(FileSchemaHistoryStore.LogFileName, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Hint);
    }

    [Fact]
    public async Task A_statement_read_again_after_a_restart_is_not_recorded_twice()
    {
        var history = await NewHistoryAsync();
        var result = await history.ApplyAsync(At(1, 500), "db", "ALTER TABLE t ADD COLUMN age INT AFTER id", CancellationToken.None);
        Assert.Equal(SchemaChangeKind.AlterTable, result.Kind);
        Assert.Equal(["id", "age", "name"], ColumnNames(result.Catalog, "t"));
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
        Assert.Equal(["id", "age", "full_name"], ColumnNames(history.Current, "t"));
    }

    [Fact]
    public async Task Compaction_moves_the_snapshot_and_trims_the_log()
    {
        var history = await NewHistoryAsync();
        await history.CompactAsync(At(2, 0), CancellationToken.None);
        Assert.Single(File.ReadAllLines(LogPath));
        Assert.Equal(At(2, 0), history.SnapshotPosition);

        var reopened = await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None);
        Assert.Equal(["id", "age", "name"], ColumnNames(reopened!.CatalogAt(At(2, 0)), "t"));
        Assert.Equal(["id", "age", "full_name"], ColumnNames(reopened.Current, "t"));
    }

    [Fact]
    public async Task Reloaded_tables_are_recorded_and_replayed()
    {
        var history = await NewHistoryAsync();
        var result = await history.ApplyAsync(At(3, 50), "db", "CREATE TABLE s AS SELECT * FROM t", CancellationToken.None);
        Assert.Equal([new TableName("db", "s")], result.Reload);

        // What SchemaLoader.ReloadTablesAsync would return, built here without a server.
        var fromServer = With("CREATE TABLE s (id INT NOT NULL, age INT) CHARSET latin1");
        await history.RecordReloadAsync(At(3, 50), fromServer, result.Reload, CancellationToken.None);
        Assert.Equal(["id", "age"], ColumnNames(history.Current, "s"));

        var reopened = await SchemaHistory.OpenAsync(new FileSchemaHistoryStore(_directory), CancellationToken.None);
        Assert.Equal(["id", "age"], ColumnNames(reopened!.Current, "s"));
        Assert.Equal(("latin1", "latin1_swedish_ci"), reopened.Current.TableDefaults("db", "s"));
    }

    [Fact]
    public async Task Snapshots_keep_every_field_of_the_schema()
    {
        var catalog = WithOptions(
            SchemaCatalogOptions.MariaDbDefaults with { LowerCaseTableNames = 2, Collation = "utf8mb4_unicode_ci" },
            "CREATE DATABASE other CHARACTER SET latin1",
            "CREATE TABLE other.T (id BIGINT UNSIGNED NOT NULL, e ENUM('a''b','c,d'), d DECIMAL(9,3), ts DATETIME(6), b BIT(5), j JSON, g INT AS (id+1), v VARBINARY(8), PRIMARY KEY (id), UNIQUE KEY u (e, d))");
        var store = new FileSchemaHistoryStore(_directory);
        await store.WriteSnapshotAsync(At(5, 5), catalog, CancellationToken.None);
        var loaded = (await store.LoadAsync(CancellationToken.None))!;

        Assert.Equal(At(5, 5), loaded.SnapshotPosition);
        Assert.Equal(catalog.Options with { DefaultCollations = loaded.Snapshot.Options.DefaultCollations, MaxBytesPerCharacter = loaded.Snapshot.Options.MaxBytesPerCharacter }, loaded.Snapshot.Options);
        var before = catalog.Find("other", "t")!;
        var after = loaded.Snapshot.Find("other", "t")!;
        Assert.Equal("T", after.Name);
        Assert.Equal(before.Columns.Count, after.Columns.Count);
        for (var i = 0; i < before.Columns.Count; i++)
            Assert.Equal(before.Columns[i], after.Columns[i] with { Values = before.Columns[i].Values });
        Assert.Equal(before.Columns.Select(static c => c.Values), after.Columns.Select(static c => c.Values));
        Assert.Equal(before.Indexes.Select(static i => (i.Name, string.Join(",", i.Columns), i.IsPrimary, i.IsUnique)), after.Indexes.Select(static i => (i.Name, string.Join(",", i.Columns), i.IsPrimary, i.IsUnique)));
        Assert.Equal(catalog.DatabaseDefaults("other"), loaded.Snapshot.DatabaseDefaults("OTHER"));

        var json = await File.ReadAllTextAsync(Path.Combine(_directory, FileSchemaHistoryStore.SnapshotFileName));
        Assert.DoesNotContain("isBinary", json, StringComparison.Ordinal);
        Assert.DoesNotContain("qualifiedName", json, StringComparison.Ordinal);
    }
}
