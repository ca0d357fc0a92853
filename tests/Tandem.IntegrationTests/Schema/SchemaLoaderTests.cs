using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema;

namespace Tandem.IntegrationTests.Schema;

[Collection(MariaDbCollection.Name)]
public sealed class SchemaLoaderTests(MariaDbFixture db)
{
    [Fact]
    public async Task The_loader_skips_system_schemas_and_honours_the_table_filter()
    {
        var database = await db.CreateDatabaseAsync("schema_filter");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE keep (a INT); CREATE TABLE skip_me (a INT); CREATE VIEW v AS SELECT 1 AS x");

        var catalog = await SchemaLoader.LoadAsync(connection, (_, table) => table != "skip_me", CancellationToken.None);

        Assert.NotNull(catalog.Find(database, "keep"));
        Assert.Null(catalog.Find(database, "skip_me"));
        Assert.Null(catalog.Find(database, "v"));
        Assert.True(catalog.HasDatabase(database));
        Assert.DoesNotContain(catalog.Databases, static d => SchemaLoader.SystemSchemas.Contains(d));
        Assert.True(catalog.Options.IsMariaDb);
    }

    [Fact]
    public async Task A_reload_answers_create_table_select_with_what_the_server_made()
    {
        var database = await db.CreateDatabaseAsync("schema_reload");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        await connection.ExecuteAsync("CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(10))");
        var model = await SchemaLoader.LoadAsync(connection, (d, _) => d == database, CancellationToken.None);

        const string ctas = "CREATE TABLE copy SELECT id, UPPER(name) AS shout, 1.5 AS ratio FROM src";
        await connection.ExecuteAsync(ctas);
        var result = model.Apply(database, ctas);
        Assert.Equal([new TableName(database, "copy")], result.Reload);

        model = await SchemaLoader.ReloadTablesAsync(connection, result.Catalog, result.Reload, CancellationToken.None);
        Assert.Equal(["id", "shout", "ratio"], model.Find(database, "copy")!.Columns.Select(static c => c.Name));

        await connection.ExecuteAsync("DROP TABLE copy");
        model = await SchemaLoader.ReloadTablesAsync(connection, model, [new TableName(database, "copy")], CancellationToken.None);
        Assert.Null(model.Find(database, "copy"));
    }

    [Fact]
    public async Task Renames_across_databases_and_database_ddl_match_the_server()
    {
        var first = await db.CreateDatabaseAsync("schema_from");
        var second = DatabaseNames.Unique("schema_to");
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{first}");
        var model = await SchemaLoader.LoadAsync(connection, (d, _) => d == first || d == second, CancellationToken.None);

        string[] statements =
        [
            $"CREATE DATABASE IF NOT EXISTS `{second}` DEFAULT CHARACTER SET latin1",
            "CREATE TABLE t (a VARCHAR(5) PRIMARY KEY, b TEXT)",
            $"RENAME TABLE t TO `{second}`.moved",
            $"CREATE TABLE `{second}`.fresh (c CHAR(2))",
            $"ALTER DATABASE `{second}` CHARACTER SET utf8mb4",
            $"ALTER TABLE `{second}`.moved ADD d VARCHAR(3), RENAME TO `{first}`.back",
            $"DROP DATABASE `{second}`",
        ];
        foreach (var statement in statements)
        {
            await connection.ExecuteAsync(statement);
            var result = model.Apply(first, statement);
            Assert.True(result.Kind != SchemaChangeKind.Unparsed, $"{statement}: {result.Problem}");
            model = result.Catalog;

            var server = await SchemaLoader.LoadAsync(connection, (d, _) => d == first || d == second, CancellationToken.None);
            foreach (var database in new[] { first, second })
            {
                Assert.Equal(server.HasDatabase(database), model.HasDatabase(database));
                Assert.Equal(server.DatabaseDefaults(database), model.DatabaseDefaults(database));
                Assert.True(
                    SchemaDescription.Describe(server, database) == SchemaDescription.Describe(model, database),
                    $"after {statement}\n--- server ---\n{SchemaDescription.Describe(server, database)}--- model ---\n{SchemaDescription.Describe(model, database)}");
            }
        }
    }
}
