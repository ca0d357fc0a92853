using System.Globalization;
using Tandem.IntegrationTests.Fixtures;
using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;
using Tandem.Sandbox;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Faults;

/// <summary>
/// A source and a target of the fault suite's own (each test kills, cuts or starves them, so no other test may share
/// them), a database of sysbench-shaped tables on the source, and the record of what a user would have seen: the status
/// lines of each outage and every exit code, written to the test output.
/// </summary>
internal sealed class FaultBench : IAsyncDisposable
{
    public const string Database = "faults";
    public const int Tables = 3;
    public const int Rows = 20_000;

    private readonly SandboxDirectory _directory;
    private readonly ITestOutputHelper _output;
    private readonly List<int> _exitCodes = [];

    private FaultBench(SandboxDirectory directory, LocalMariaDb source, LocalMariaDb target, ITestOutputHelper output)
    {
        _directory = directory;
        Source = source;
        Target = target;
        _output = output;
    }

    public LocalMariaDb Source { get; }

    public LocalMariaDb Target { get; }

    public string DirectoryPath => _directory.Path;

    public static async Task<FaultBench> StartAsync(ITestOutputHelper output, IReadOnlyDictionary<string, string>? targetSettings = null)
    {
        var directory = SandboxDirectory.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var source = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "fault-source", ServerId = 1 }, timeout.Token);
        var target = await LocalMariaDb.StartAsync(directory, new LocalMariaDbOptions { Name = "fault-target", ServerId = 2, ExtraSettings = targetSettings }, timeout.Token);
        var bench = new FaultBench(directory, source, target, output);
        var tables = string.Concat(Enumerable.Range(1, Tables).Select(i =>
            $"CREATE TABLE {Database}.t{i} (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, KEY (k)); " +
            $"INSERT INTO {Database}.t{i} SELECT seq, seq, REPEAT(CHAR(97 + seq % 26), 120), 'pad' FROM seq_1_to_{Rows}; "));
        await source.ExecuteSqlAsync($"CREATE DATABASE {Database}; USE {Database}; {tables}", timeout.Token);
        return bench;
    }

    public FaultLoad StartLoad() => FaultLoad.Start(Source.Uri, Database, Tables, Rows);

    /// <summary>A full+incremental task file of the database, with its source and target as given (a proxy's, say).</summary>
    public string WriteTask(string sourceUri, string targetUri, string? spillDirectory = null, string extra = "")
    {
        var path = Path.Combine(_directory.Path, $"task-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            name: {Database}
            source: {sourceUri}
            target: {targetUri}
            tables: ["{Database}.*"]
            mode: full+incremental
            copy_threads: 2
            writer_threads: 4
            chunk_rows: 2000
            spill_dir: {spillDirectory ?? Path.Combine(_directory.Path, "spill")}
            {extra}
            """);
        return path;
    }

    /// <summary>Waits until the task streams and has applied <paramref name="transactions"/> more transactions than now.</summary>
    public async Task UntilAppliedMoreAsync(TandemProcess tandem, long transactions, TimeSpan? timeout = null)
    {
        var before = StatusLines.AppliedTransactions(tandem.Output, Database);
        var applied = await Eventually.TrueWithinAsync(
            () => StatusLines.AppliedTransactions(tandem.Output, Database) >= before + transactions || tandem.HasExited, timeout ?? TimeSpan.FromMinutes(4));
        Assert.False(tandem.HasExited, $"tandem exited:\n{Tail(tandem.Output)}");
        Assert.True(applied, $"fewer than {transactions} transactions applied:\n{Tail(tandem.Output)}");
    }

    /// <summary>Waits until the target holds everything the source committed, then compares them by CHECKSUM TABLE and row counts.</summary>
    public async Task AssertConvergedAsync(TandemProcess tandem)
    {
        await ReplicationWait.UntilAppliedAsync(Source.Uri, Target.Uri, Database, tandem.WaitForExitAsync(), TimeSpan.FromMinutes(5));
        var tables = await TableComparison.TablesAsync(Source.Uri, Database);
        var source = await TableComparison.FingerprintsAsync(Source.Uri, Database, tables);
        var target = await TableComparison.FingerprintsAsync(Target.Uri, Database, tables);
        foreach (var table in tables)
            _output.WriteLine($"{Database}.{table}: source {source[table].Rows} rows, CHECKSUM {source[table].Checksum}; target {target[table].Rows} rows, CHECKSUM {target[table].Checksum}");
        await TableComparison.AssertIdenticalAsync(Source.Uri, Database, Target.Uri, Database);
    }

    /// <summary>Stops the task with SIGTERM, records its exit code and asserts the clean stop's 0.</summary>
    public async Task StopCleanlyAsync(TandemProcess tandem)
    {
        var code = await tandem.StopAsync(TimeSpan.FromMinutes(1));
        RecordExit(code);
        Assert.Equal(0, code);
    }

    public void RecordExit(int code)
    {
        _exitCodes.Add(code);
        _output.WriteLine($"tandem run exited {code.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Writes the task's lines printed since <paramref name="from"/> (an offset in the output): what a user saw.</summary>
    public void RecordSeen(string what, TandemProcess tandem, int from)
    {
        var text = tandem.Output;
        var lines = text[Math.Min(from, text.Length)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _output.WriteLine($"--- {what}: {lines.Length} lines ---");
        foreach (var line in lines.Length > 80 ? [.. lines[..40], "...", .. lines[^40..]] : lines)
            _output.WriteLine(line);
        _output.WriteLine("---");
    }

    public static string Tail(string text) => text.Length > 8000 ? text[^8000..] : text;

    public async ValueTask DisposeAsync()
    {
        _output.WriteLine($"exit codes of tandem run, in order: {string.Join(", ", _exitCodes)}");
        await Target.DisposeAsync();
        await Source.DisposeAsync();
        await _directory.DisposeAsync();
    }
}
