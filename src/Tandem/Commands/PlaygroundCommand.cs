using System.CommandLine;
using Tandem.Cli.Playground;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem playground</c>: throw-away local source and target servers to try Tandem on.</summary>
internal static class PlaygroundCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var postgres = new Option<bool>("--postgres") { Description = "Also start a PostgreSQL with wal_level=logical" };
        var keep = new Option<bool>("--keep") { Description = "Keep the data directory after stopping (and say where it is)" };
        var dir = new Option<string?>("--dir") { Description = "Directory for the servers (default: a new temporary directory)" };
        var idle = new Option<bool>("--no-replicate") { Description = "Only start the servers: no dataset, no load, no replication task" };
        var rows = new Option<int>("--rows") { Description = "Rows per table of the sysbench-shaped dataset (4 tables)", DefaultValueFactory = _ => 50_000 };
        var rate = new Option<int>("--rate") { Description = "Write transactions per second of the light load on the source", DefaultValueFactory = _ => 50 };
        var port = new Option<int?>("--port") { Description = "Source port P; the target gets P+1 and PostgreSQL P+2 (default: free ports)" };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } p && p is < 1 or > 65533)
                result.AddError("--port must be between 1 and 65533 (the target and PostgreSQL use the next two ports)");
        });

        var command = new Command("playground", "Start throw-away local source and target servers and replicate a sysbench-shaped dataset under a light load, until Ctrl-C")
        {
            postgres,
            keep,
            dir,
            port,
            idle,
            rows,
            rate,
        };

        command.SetAction(async (result, ct) =>
        {
            using var loggers = environment.CreateLoggerFactory(result.GetValue(CommonOptions.Verbose));
            var options = new PlaygroundOptions
            {
                Postgres = result.GetValue(postgres),
                Keep = result.GetValue(keep),
                Directory = result.GetValue(dir),
                Port = result.GetValue(port),
                Replicate = !result.GetValue(idle),
                Rows = Math.Max(1, result.GetValue(rows)),
                Rate = Math.Max(1, result.GetValue(rate)),
            };
            return await new PlaygroundRunner(environment, loggers).RunAsync(options, ct);
        });
        return command;
    }
}
