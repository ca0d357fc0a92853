using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.Core.Replication;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Snapshot;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Copy;

/// <summary>
/// The full copy of sysbench's 8 tables x 100k rows against mydumper + myloader at equal threads, on the fixture's server.
/// Opt-in (TANDEM_BENCH_COPY=1): it takes minutes and measures, it does not prove.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class CopyBenchmarkTests(MariaDbFixture fixture, ITestOutputHelper output)
{
    private const int Threads = 4;

    [Fact]
    public async Task Sysbench_copy_against_mydumper_and_myloader()
    {
        if (Environment.GetEnvironmentVariable("TANDEM_BENCH_COPY") != "1")
            return;
        var rows = int.Parse(Environment.GetEnvironmentVariable("TANDEM_BENCH_ROWS") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
        var source = await fixture.CreateDatabaseAsync("sbtest");
        var port = fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync("sysbench", $"oltp_read_only --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port={port} --mysql-user=root --mysql-db={source} --tables=8 --table-size={rows} --threads=2 prepare");
        var total = 8.0 * rows;

        var rounds = int.Parse(Environment.GetEnvironmentVariable("TANDEM_BENCH_ROUNDS") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, method, binlog) in new[]
            {
                ("tandem insert, target binlog on", CopyWriteMethod.Insert, true),
                ("tandem load data, target binlog on", CopyWriteMethod.LoadData, true),
                ("tandem insert, target binlog off", CopyWriteMethod.Insert, false),
                ("tandem load data, target binlog off", CopyWriteMethod.LoadData, false),
            })
            {
                var target = $"{source}_{(method == CopyWriteMethod.Insert ? "i" : "l")}{(binlog ? "b" : "n")}{round}";
                var server = MySqlConnectionOptions.Parse(fixture.Server.Uri);
                var options = new FullCopyOptions
                {
                    Source = server,
                    Target = server,
                    Task = target,
                    Tables = TableFilter.Parse([$"{source}.*"]),
                    Router = new TableRouter([new TableRoute($"{source}.*", target, null)]),
                    Threads = Threads,
                    WriteMethod = method,
                    WriteTargetBinlog = binlog,
                };
                var clock = Stopwatch.StartNew();
                var result = await new FullCopy(options, new ReplicationMetrics(target), NullLogger.Instance).RunAsync(CancellationToken.None);
                clock.Stop();
                Assert.Equal((long)total, result.RowsCopied);
                output.WriteLine($"round {round} {name}: {clock.Elapsed.TotalSeconds:0.00} s, {total / clock.Elapsed.TotalSeconds:0} rows/s");
                await fixture.Server.ExecuteSqlAsync($"DROP DATABASE `{target}`", CancellationToken.None);
            }

            foreach (var (name, binlog) in new[] { ("mydumper + myloader, target binlog off", false), ("mydumper + myloader -e, target binlog on", true) })
            {
                var directory = Path.Combine(Path.GetTempPath(), $"tandem-mydumper-{Guid.NewGuid():N}");
                var target = $"{source}_m{(binlog ? "b" : "n")}{round}";
                var clock = Stopwatch.StartNew();
                await RunAsync("mydumper", $"-h 127.0.0.1 -P {port} -u root -B {source} -t {Threads} -r 20000 -o {directory}");
                await RunAsync("myloader", $"-h 127.0.0.1 -P {port} -u root -s {source} -B {target} -t {Threads} -d {directory}{(binlog ? " -e" : "")}");
                clock.Stop();
                output.WriteLine($"round {round} {name}: {clock.Elapsed.TotalSeconds:0.00} s, {total / clock.Elapsed.TotalSeconds:0} rows/s");
                Directory.Delete(directory, recursive: true);
                await fixture.Server.ExecuteSqlAsync($"DROP DATABASE `{target}`", CancellationToken.None);
            }
        }
    }

    private static async Task RunAsync(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {arguments} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}
