using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Tandem.MySql.Snapshot;

namespace Tandem.IntegrationTests.Copy;

/// <summary>A source database copied into a target database on the same server, and ways to compare the two.</summary>
internal sealed class CopyRun
{
    public CopyRun(MariaDbFixture fixture, string source, string target)
    {
        Source = source;
        Target = target;
        Uri = fixture.Server.Uri;
        Task = "copy_" + Guid.NewGuid().ToString("N")[..10];
        Metrics = new ReplicationMetrics(Task);
    }

    public string Source { get; }

    public string Target { get; }

    public string Uri { get; }

    public string Task { get; }

    public ReplicationMetrics Metrics { get; private set; }

    public static async Task<CopyRun> CreateAsync(MariaDbFixture fixture, string prefix)
    {
        var source = await fixture.CreateDatabaseAsync(prefix);
        var target = source + "_t";
        return new CopyRun(fixture, source, target);
    }

    public FullCopyOptions Options(Func<FullCopyOptions, FullCopyOptions>? change = null)
    {
        var server = MySqlConnectionOptions.Parse(Uri);
        var options = new FullCopyOptions
        {
            Source = server,
            Target = server,
            Task = Task,
            Tables = TableFilter.Parse([$"{Source}.*"]),
            Router = new TableRouter([new TableRoute($"{Source}.*", Target, null)]),
            Threads = 2,
        };
        return change is null ? options : change(options);
    }

    public Task<FullCopyResult> RunAsync(Func<FullCopyOptions, FullCopyOptions>? change = null, CancellationToken ct = default)
    {
        Metrics = new ReplicationMetrics(Task);
        return new FullCopy(Options(change), Metrics, NullLogger.Instance).RunAsync(ct);
    }

    public Task<MySqlConnection> OpenAsync() => MySqlConnection.OpenAsync(Uri);

    /// <summary>Every row of a table as text (hex for every value, so bytes compare exactly), in key order.</summary>
    public async Task<List<string>> RowsAsync(string database, string table, string orderBy)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("SET time_zone = '+00:00'");
        var columns = new List<string>();
        await using (var reader = await connection.QueryAsync(
            $"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{database}' AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"))
        {
            while (await reader.ReadAsync())
                columns.Add(reader.GetString(0)!);
        }

        var select = string.Join(", ", columns.Select(static c => $"IFNULL(HEX(`{c}`), 'NULL')"));
        var rows = new List<string>();
        await using (var reader = await connection.QueryAsync($"SELECT {select} FROM `{database}`.`{table}` ORDER BY {orderBy}"))
        {
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i))));
        }

        return rows;
    }

    /// <summary>Columns whose values differ between the rows of equal key, compared by the server (floats as the numbers they are).</summary>
    public async Task<List<string>> DifferingColumnsAsync(string table, string keyColumns)
    {
        await using var connection = await OpenAsync();
        var columns = new List<string>();
        await using (var reader = await connection.QueryAsync(
            $"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{Source}' AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION"))
        {
            while (await reader.ReadAsync())
                columns.Add(reader.GetString(0)!);
        }

        var join = string.Join(" AND ", keyColumns.Split(',', StringSplitOptions.TrimEntries).Select(static k => $"s.`{k}` <=> t.`{k}`"));
        var differing = new List<string>();
        foreach (var column in columns)
        {
            var sql = $"SELECT GROUP_CONCAT(CONCAT(s.`{column}`, ' vs ', t.`{column}`)) FROM `{Source}`.`{table}` s JOIN `{Target}`.`{table}` t ON {join} WHERE NOT (s.`{column}` <=> t.`{column}`)";
            if (await connection.QueryScalarAsync(sql) is { } found)
                differing.Add($"{column}: {(found is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : found)}");
        }

        return differing;
    }

    public async Task<object?> ChecksumAsync(string database, string table)
    {
        await using var connection = await OpenAsync();
        return await TableComparison.ChecksumAsync(connection, $"`{database}`.`{table}`");
    }

    public async Task AssertSameAsync(string table, string orderBy)
    {
        var expected = await RowsAsync(Source, table, orderBy);
        var actual = await RowsAsync(Target, table, orderBy);
        Assert.Equal(expected, actual);
        Assert.Empty(await DifferingColumnsAsync(table, orderBy));
        Assert.Equal(await ChecksumAsync(Source, table), await ChecksumAsync(Target, table));
    }
}
