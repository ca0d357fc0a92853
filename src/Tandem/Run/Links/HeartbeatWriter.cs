using Microsoft.Extensions.Logging;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Run.Links;

/// <summary>
/// Writes one server's heartbeat row of a link every interval, on an ordinary session (so the server's captures see it
/// as originating there and replicate it). The time in the row is this process's clock, the same clock that notes its
/// arrival on the other servers, so the lag it measures needs no clock agreement between servers.
/// </summary>
internal sealed class HeartbeatWriter
{
    private readonly string _link;
    private readonly string _server;
    private readonly MySqlConnectionOptions _options;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public HeartbeatWriter(string link, string server, MySqlConnectionOptions options, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        _link = link;
        _server = server;
        _options = options;
        _interval = interval;
        _clock = clock;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        long beat = 0;
        MySqlConnection? connection = null;
        var failing = false;
        using var timer = new PeriodicTimer(_interval, _clock);
        try
        {
            do
            {
                try
                {
                    if (connection is null || connection.IsBroken)
                    {
                        if (connection is not null)
                            await connection.DisposeAsync().ConfigureAwait(false);
                        connection = await MySqlConnection.OpenAsync(_options with { Database = null }, ct).ConfigureAwait(false);
                        await TaskStateStore.EnsureSchemaAsync(connection, ct).ConfigureAwait(false);
                    }

                    var micros = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
                    await connection.ExecuteAsync(LinkMetaTables.BeatSql(_link, _server, ++beat, micros), ct).ConfigureAwait(false);
                    if (failing)
                        _logger.LogInformation("link {Link}: heartbeats on {Server} are written again", _link, _server);
                    failing = false;
                }
                catch (Exception ex) when (ex is MySqlException or IOException && !ct.IsCancellationRequested)
                {
                    if (!failing)
                        _logger.LogWarning("link {Link}: cannot write the heartbeat on {Server}: {Reason}; retrying every {Interval}", _link, _server, ex.Message, _interval);
                    failing = true;
                }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or MySqlException or IOException)
        {
            // Stopped, perhaps with a statement in flight that the stop cut: the run's own outcome is the news, not this.
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
