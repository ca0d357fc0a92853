using Microsoft.Extensions.Logging;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Check;

/// <summary>Runs the source precheck on each URI, by its scheme, all servers at once.</summary>
internal sealed class ServerChecker
{
    private readonly MySqlSourceChecks _mySql;
    private readonly PostgresSourceChecks _postgres;

    public ServerChecker(ILoggerFactory loggers)
    {
        _mySql = new MySqlSourceChecks(loggers.CreateLogger<MySqlSourceChecks>());
        _postgres = new PostgresSourceChecks(loggers.CreateLogger<PostgresSourceChecks>());
    }

    /// <summary>Throws <see cref="CliUsageException"/> before connecting anywhere when a URI is not one Tandem knows.</summary>
    public async Task<CheckReport> CheckAsync(IReadOnlyList<string> uris, CancellationToken ct)
    {
        var kinds = uris.Select(ServerUri.KindOf).ToList();
        foreach (var (uri, kind) in uris.Zip(kinds))
        {
            if (kind == ServerKind.Postgres)
            {
                PostgresUri.ToConnectionString(uri);
                continue;
            }

            try
            {
                MySqlConnectionOptions.Parse(uri);
            }
            catch (MySqlException ex)
            {
                throw new CliUsageException(ex.Message, ex.Hint);
            }
        }

        var reports = await Task.WhenAll(uris.Zip(kinds).Select(pair => pair.Second == ServerKind.Postgres
            ? _postgres.RunAsync(pair.First, ct)
            : _mySql.RunAsync(pair.First, ct)));
        return new CheckReport(reports);
    }
}
