using System.CommandLine;
using Tandem.Cli.Check;

namespace Tandem.Cli.Commands;

/// <summary><c>tandem check URI... [--json]</c>: can these servers serve as change sources?</summary>
internal static class CheckCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var uris = new Argument<string[]>("uri")
        {
            Description = "Servers to check: mysql://, mariadb://, tidb://user:password@host:port or postgres://user:password@host:port/database",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of tables" };
        var command = new Command("check", "Check that servers can serve as change sources (binlog/WAL settings, privileges, keys)")
        {
            uris,
            json,
        };

        command.SetAction(async (result, ct) =>
        {
            using var loggers = environment.CreateLoggerFactory(result.GetValue(CommonOptions.Verbose));
            var report = await new ServerChecker(loggers).CheckAsync(result.GetValue(uris) ?? [], ct);
            if (result.GetValue(json))
                await environment.Stdout.WriteLineAsync(CheckJsonWriter.Write(report));
            else
                CheckRenderer.Render(environment.CreateConsole(), report);
            await environment.Stdout.FlushAsync(ct);
            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
