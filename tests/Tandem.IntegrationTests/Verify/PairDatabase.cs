using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// A database of the same name on both servers of a pair, with a connection to each (UTC, no SQL mode, so zero dates and
/// TIMESTAMP values load the same on both): load it identically with <see cref="BothAsync"/>, then alter the target.
/// </summary>
internal sealed class PairDatabase : IAsyncDisposable
{
    private PairDatabase(ReplicationPairFixture pair, string name, MySqlConnection source, MySqlConnection target)
    {
        Pair = pair;
        Name = name;
        Source = source;
        Target = target;
    }

    public ReplicationPairFixture Pair { get; }

    public string Name { get; }

    public MySqlConnection Source { get; }

    public MySqlConnection Target { get; }

    public static async Task<PairDatabase> CreateAsync(ReplicationPairFixture pair, string prefix)
    {
        var name = DatabaseNames.Unique(prefix);
        var source = await OpenAsync(pair.Source.Uri, name);
        var target = await OpenAsync(pair.Target.Uri, name);
        return new PairDatabase(pair, name, source, target);
    }

    private static async Task<MySqlConnection> OpenAsync(string uri, string database)
    {
        var connection = await MySqlConnection.OpenAsync(uri);
        await connection.ExecuteAsync("SET time_zone = '+00:00', sql_mode = ''");
        await connection.ExecuteAsync($"CREATE DATABASE `{database}`");
        await connection.ExecuteAsync($"USE `{database}`");
        return connection;
    }

    /// <summary>Runs each statement on the source, then on the target.</summary>
    public async Task BothAsync(params string[] statements)
    {
        foreach (var statement in statements)
        {
            await Source.ExecuteAsync(statement);
            await Target.ExecuteAsync(statement);
        }
    }

    public async Task TargetAsync(params string[] statements)
    {
        foreach (var statement in statements)
            await Target.ExecuteAsync(statement);
    }

    /// <summary>The arguments every verification of this pair starts with: both servers and this database's tables.</summary>
    public string[] Arguments(string journal, string tables = "*") =>
        ["--source", Pair.Source.Uri, "--target", Pair.Target.Uri, "--tables", $"{Name}.{tables}", "--journal", journal];

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
