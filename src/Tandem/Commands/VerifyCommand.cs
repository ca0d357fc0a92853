using System.CommandLine;
using System.Globalization;
using Tandem.Cli.Check;
using Tandem.Cli.Run;
using Tandem.Cli.Verify;
using Tandem.Core.Errors;
using Tandem.Core.Files;
using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.Core.Verify;
using Tandem.MySql.Protocol;
using Tandem.MySql.Verify;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem verify --source URI --target URI --tables 'db.*' [--task TASK.yaml] [--threads N] [--chunk-rows N]
/// [--where COND] [--since T --until T --time-column C] [--fix-sql FILE] [--fix] [--max-rate ROWS/S] [--resume] [--json]</c>:
/// compares the tables of two MySQL-family servers. Exit 0 when equal, 1 when different, 2 on error.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var source = new Option<string>("--source") { Description = "The source server: mysql://user:password@host:port (default: the task's source)" };
        var target = new Option<string>("--target") { Description = "The target server (default: the task's target)" };
        var tables = new Option<string[]>("--tables") { Description = "Tables to compare: patterns like 'db.*' or 'shop.order_?', '!db.tmp_*' to leave out (default: the task's tables)", AllowMultipleArgumentsPerToken = true };
        var task = new Option<string>("--task") { Description = "The task replicating the pair (TASK.yaml): its servers, tables and routes, and its checkpoint for re-checks on a live pair" };
        var consistent = new Option<bool>("--consistent") { Description = "With --task: hold the task's apply at one source position while both sides open snapshots, and compare inside them" };
        var threads = new Option<int>("--threads") { Description = "Tables compared at once (one connection to each side per thread)", DefaultValueFactory = _ => 4 };
        var chunkRows = new Option<int>("--chunk-rows") { Description = "Rows in the first chunk; later chunks are sized to take about --chunk-time", DefaultValueFactory = _ => 100_000 };
        var chunkTime = new Option<string>("--chunk-time") { Description = "How long one chunk query should take (0: keep --chunk-rows)", DefaultValueFactory = _ => "1s" };
        var where = new Option<string>("--where") { Description = "Compare only rows matching this SQL condition, on both sides" };
        var since = new Option<string>("--since") { Description = "Time-slice mode: rows whose --time-column is at or after this time ('2026-11-21 08:00:00')" };
        var until = new Option<string>("--until") { Description = "Time-slice mode: rows whose --time-column is before this time" };
        var timeColumn = new Option<string>("--time-column") { Description = "Time-slice mode: the update-time column (DATETIME or TIMESTAMP, read in UTC)" };
        var slice = new Option<string>("--slice") { Description = "Time-slice mode: the length of one slice", DefaultValueFactory = _ => "1h" };
        var fixSql = new Option<string>("--fix-sql") { Description = "Write SQL that makes the target equal to the source to this file (idempotent upserts and deletes by key)" };
        var fix = new Option<bool>("--fix") { Description = "Apply that SQL to the target" };
        var maxRate = new Option<double>("--max-rate") { Description = "Read at most this many rows per second from each side (0: no limit)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted run of the same comparison from its journal" };
        var journal = new Option<string>("--journal") { Description = "Where the run's journal is kept (default: ~/.local/state/tandem/verify-<comparison>.jsonl)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var lagBound = new Option<string>("--lag-bound") { Description = "Without --task, on a live pair: re-read rows found different after this long (e.g. 5s)", DefaultValueFactory = _ => "0s" };
        var rounds = new Option<int>("--recheck-rounds") { Description = "Re-check rounds for rows found different on a live pair", DefaultValueFactory = _ => 3 };
        var maxDifferences = new Option<int>("--max-differences") { Description = "Differing rows kept per table for the report and the fix", DefaultValueFactory = _ => 100_000 };

        var command = new Command("verify", "Compare tables of two servers: server-side chunk fingerprints, narrowed to the rows that differ, with fix SQL")
        {
            source, target, tables, task, consistent, threads, chunkRows, chunkTime, where, since, until, timeColumn, slice,
            fixSql, fix, maxRate, resume, journal, json, lagBound, rounds, maxDifferences,
        };

        command.SetAction(async (result, ct) =>
        {
            var definition = result.GetValue(task) is { } taskFile ? TaskFileLoader.Load(taskFile) : null;
            var sourceUri = result.GetValue(source) ?? definition?.Source
                ?? throw new CliUsageException("--source is missing", "give --source mysql://user:password@host:port, or --task TASK.yaml");
            var targetUri = result.GetValue(target) ?? definition?.Target
                ?? throw new CliUsageException("--target is missing", "give --target mysql://user:password@host:port, or --task TASK.yaml");
            IReadOnlyList<string> patterns = result.GetValue(tables) is { Length: > 0 } given ? given : definition?.TablePatterns
                ?? throw new CliUsageException("--tables is missing", "name the tables to compare: --tables 'db.*'");
            if (result.GetValue(consistent) && definition is null)
                throw new CliUsageException("--consistent needs --task", "name the task that replicates the pair: --task TASK.yaml");
            foreach (var uri in new[] { sourceUri, targetUri })
            {
                if (ServerUri.KindOf(uri) == ServerKind.Postgres)
                    throw new CliUsageException($"{uri}: tandem verify compares MySQL-family servers (MySQL, MariaDB, TiDB)", "PostgreSQL verification comes with PostgreSQL replication");
            }

            var options = new MySqlVerifyOptions
            {
                Source = MySqlConnectionOptions.Parse(sourceUri),
                Target = MySqlConnectionOptions.Parse(targetUri),
                Tables = TableFilter.Parse(patterns),
                TablePatterns = patterns,
                Router = definition is null ? TableRouter.Identity : new TableRouter(definition.Routes),
                Threads = Positive(result.GetValue(threads), "--threads"),
                ChunkRows = Positive(result.GetValue(chunkRows), "--chunk-rows"),
                ChunkTime = Duration(result.GetValue(chunkTime)!, "--chunk-time"),
                Where = result.GetValue(where),
                TimeSlices = TimeSlices(result.GetValue(since), result.GetValue(until), result.GetValue(timeColumn), result.GetValue(slice)!),
                MaxRowsPerSecond = result.GetValue(maxRate) is var rate and >= 0 ? rate : throw new CliUsageException("--max-rate must not be negative"),
                Task = definition?.Name,
                Consistent = result.GetValue(consistent),
                LagBound = Duration(result.GetValue(lagBound)!, "--lag-bound"),
                RecheckRounds = result.GetValue(rounds) is var r and >= 0 ? r : throw new CliUsageException("--recheck-rounds must not be negative"),
                MaxDifferences = Positive(result.GetValue(maxDifferences), "--max-differences"),
                JournalPath = string.Empty,
                Resume = result.GetValue(resume),
            };
            options = options with { JournalPath = result.GetValue(journal) ?? DefaultJournal(options) };

            using var loggers = environment.CreateLoggerFactory(result.GetValue(CommonOptions.Verbose));
            var logger = loggers.CreateLogger("tandem.verify");
            var asJson = result.GetValue(json);
            var interactive = !asJson && ProgressDisplay.IsInteractive(environment);
            try
            {
                var report = await VerifyProgressDisplay.RunAsync(environment, interactive, TimeSpan.FromSeconds(5),
                    progress => MySqlVerifier.RunAsync(options, progress, logger, ct));
                var fixPath = result.GetValue(fixSql);
                var apply = result.GetValue(fix);
                long fixedRows = 0;
                if ((fixPath is not null || apply) && !report.IsEqual)
                {
                    // Fix SQL carries the source's rows: 0600 like every file of row data.
                    await using var file = fixPath is null ? null : new StreamWriter(PrivateFiles.Open(fixPath, FileMode.Create, FileAccess.Write));
                    fixedRows = await MySqlFixScript.WriteAsync(options, report, file, apply, logger, ct);
                }
                else if (fixPath is not null)
                {
                    await using var file = new StreamWriter(PrivateFiles.Open(fixPath, FileMode.Create, FileAccess.Write));
                    await file.WriteAsync("-- tandem verify: the tables are equal; nothing to fix\n".AsMemory(), ct);
                }

                if (asJson)
                {
                    await environment.Stdout.FlushAsync(ct);
                    using var buffer = new MemoryStream();
                    await VerifyReportJson.WriteAsync(buffer, report, fixPath, apply ? fixedRows : 0, ct);
                    await environment.Stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                }
                else
                {
                    VerifyReportText.Write(environment.CreateConsole(), report);
                    if (fixPath is not null && !report.IsEqual)
                        await environment.Stdout.WriteLineAsync($"fix SQL written to {fixPath}");
                    if (apply && fixedRows > 0)
                        await environment.Stdout.WriteLineAsync($"fixed {fixedRows} rows on the target; run verify again to confirm");
                }

                return report.Tables.Any(static t => t.Error is not null) ? ExitCodes.Error : report.IsEqual ? ExitCodes.Ok : ExitCodes.Failed;
            }
            catch (TandemException ex) when (ex is not CliUsageException)
            {
                await environment.Stdout.FlushAsync(CancellationToken.None);
                await ErrorReport.WriteAsync(environment.Stderr, ex.Message, ex.Hint);
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliUsageException($"{option} must be a positive number, not {value}");

    private static TimeSpan Duration(string text, string option) =>
        text == "0" ? TimeSpan.Zero
        : DurationText.TryParse(text, out var duration) && duration >= TimeSpan.Zero ? duration
        : throw new CliUsageException($"{option} '{text}' is not a duration", "write it with a unit: 500ms, 5s, 1m, 1h");

    private static TimeSliceOptions? TimeSlices(string? since, string? until, string? column, string slice)
    {
        if (since is null && until is null && column is null)
            return null;
        if (since is null || until is null || column is null)
            throw new CliUsageException("time-slice mode needs --since, --until and --time-column together", "for example --since '2026-11-20 00:00' --until '2026-11-21 00:00' --time-column updated_at");
        var from = Time(since, "--since");
        var to = Time(until, "--until");
        if (to <= from)
            throw new CliUsageException($"--until {until} is not after --since {since}");
        var length = Duration(slice, "--slice");
        if (length <= TimeSpan.Zero || length.Ticks % TimeSpan.TicksPerMicrosecond != 0)
            throw new CliUsageException($"--slice '{slice}' must be a positive whole number of microseconds");
        return new TimeSliceOptions(column, from, to, length);
    }

    private static DateTime Time(string text, string option)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFF"];
        return DateTime.TryParseExact(text.TrimEnd('Z'), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new CliUsageException($"{option} '{text}' is not a time", "write it as 'YYYY-MM-DD HH:MM:SS' (the time column's own terms; UTC for TIMESTAMP)");
    }

    private static string DefaultJournal(MySqlVerifyOptions options)
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "tandem", $"verify-{MySqlVerifier.Signature(options)}.jsonl");
    }
}
