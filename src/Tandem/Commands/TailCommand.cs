using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Units;
using Tandem.Cli.Tail;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Dump;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema.History;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem tail URI [--from-gtid SET | --from-file F --from-pos P | --from-now] [--tables 'db.t*,...']
/// [--max-events N] [--format json|text]</c>: print a source's row changes as they happen, one line each.
/// </summary>
internal static class TailCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var uri = new Argument<string>("uri") { Description = "The source: mysql://user:password@host:port or mariadb://..." };
        var fromGtid = new Option<string>("--from-gtid") { Description = "Start after these GTIDs: a MariaDB GTID position (0-1-42,1-2-7) or a MySQL GTID set (uuid:1-42)" };
        var fromFile = new Option<string>("--from-file") { Description = "Start in this binlog file (with --from-pos; default offset 4, the start of the file)" };
        var fromPos = new Option<long?>("--from-pos") { Description = "Start at this offset of --from-file" };
        var fromNow = new Option<bool>("--from-now") { Description = "Start at the source's current end: only changes from now on (the default)" };
        var tables = new Option<string[]>("--tables") { Description = "Only these tables: patterns like 'db.t*,shop.order_?', '!db.tmp_*' to exclude", AllowMultipleArgumentsPerToken = true };
        var maxEvents = new Option<long?>("--max-events") { Description = "Exit after this many row changes" };
        var format = new Option<string>("--format") { Description = "json (one JSON object per line) or text", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");
        var serverId = new Option<uint?>("--server-id") { Description = "The replica server id to register with; must be unique among the source's replicas (default: 1413742592 plus the low 16 bits of the process id)" };
        var history = new Option<string>("--schema-history") { Description = "Directory of the schema history, so a restart from an old position decodes with the schema of that time (default: $XDG_STATE_HOME/tandem/schema/HOST_PORT)" };
        var memory = new Option<string>("--memory-budget") { Description = "Bytes of one transaction kept in memory before the rest spills to disk (default 64MiB)", DefaultValueFactory = _ => "64MiB" };
        var spill = new Option<string>("--spill-dir") { Description = "Where large transactions spill: a directory only this user can write to, created 0700 (default: tandem-spill-UID in the system temp directory)" };

        var command = new Command("tail", "Print a source's row changes as JSON lines, decoded exactly, starting at a GTID, a file offset or now")
        {
            uri, fromGtid, fromFile, fromPos, fromNow, tables, maxEvents, format, serverId, history, memory, spill,
        };

        command.SetAction(async (result, ct) =>
        {
            var source = MySqlConnectionOptions.Parse(result.GetValue(uri)!);
            var start = ChooseStart(result.GetValue(fromGtid), result.GetValue(fromFile), result.GetValue(fromPos), result.GetValue(fromNow));
            var limit = result.GetValue(maxEvents);
            if (limit is <= 0)
                throw new CliUsageException("--max-events must be at least 1");
            var options = new BinlogCaptureOptions
            {
                Source = source,
                Start = start,
                Tables = TableFilter.Parse(result.GetValue(tables) ?? []),
                MemoryBudgetBytes = ByteSize.Parse(result.GetValue(memory)!, "--memory-budget"),
                SpillDirectory = result.GetValue(spill) ?? new BinlogCaptureOptions { Source = source }.SpillDirectory,
                SchemaHistory = new FileSchemaHistoryStore(result.GetValue(history) ?? DefaultHistoryDirectory(source)),
                Dump = result.GetValue(serverId) is { } id ? new BinlogDumpOptions { ServerId = id } : new BinlogDumpOptions(),
            };

            using var loggers = environment.CreateLoggerFactory(result.GetValue(CommonOptions.Verbose));
            var capture = new BinlogCapture(options, loggers.CreateLogger("tandem.tail"));
            var json = result.GetValue(format) == "json" ? new ChangeJsonWriter() : null;
            long printed = 0;
            Tandem.MySql.Binlog.Capture.BinlogPosition? done = null;
            try
            {
                await foreach (var transaction in capture.ReadAsync(includeEmpty: false, ct))
                {
                    await foreach (var change in transaction.ReadChangesAsync(ct))
                    {
                        await environment.Stdout.WriteLineAsync(json?.Format(transaction, change) ?? ChangeTextWriter.Format(transaction, change));
                        if (change is Core.Model.RowChange && ++printed == limit)
                        {
                            await environment.Stdout.FlushAsync(ct);
                            return ExitCodes.Ok;
                        }
                    }

                    await environment.Stdout.FlushAsync(ct);
                    done = (Tandem.MySql.Binlog.Capture.BinlogPosition)transaction.Position;
                }
            }
            catch (TandemException ex) when (ex is not CliUsageException && !ct.IsCancellationRequested)
            {
                await environment.Stdout.FlushAsync(CancellationToken.None);
                await ErrorReport.WriteAsync(environment.Stderr, ex.Message, ex.Hint);
                // Only a transaction whose every line was printed is complete: resuming after one cut short would skip its rest.
                if (done is { } last)
                    await environment.Stderr.WriteLineAsync($"last complete transaction: {last} (resume with --from-file {last.File} --from-pos {last.Offset}{(last.Gtids is null ? string.Empty : $" or --from-gtid '{last.Gtids}'")})");
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static BinlogStart? ChooseStart(string? gtid, string? file, long? pos, bool now)
    {
        var chosen = (gtid is null ? 0 : 1) + (file is null ? 0 : 1) + (now ? 1 : 0);
        if (chosen > 1)
            throw new CliUsageException("choose one start: --from-gtid, --from-file (with --from-pos) or --from-now");
        if (pos is not null && file is null)
            throw new CliUsageException("--from-pos needs --from-file", "give the binlog file too: --from-file mysql-bin.000003 --from-pos 1234");
        if (gtid is not null)
            return new BinlogStart.Gtids(gtid.Trim());
        if (file is not null)
            return new BinlogStart.FilePosition(file, pos ?? 4);
        return null;
    }

    private static string DefaultHistoryDirectory(MySqlConnectionOptions source)
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        var name = source.UnixSocket is { } socket ? socket.Replace('/', '_') : $"{source.Host}_{source.Port}";
        return Path.Combine(state, "tandem", "schema", name);
    }
}
