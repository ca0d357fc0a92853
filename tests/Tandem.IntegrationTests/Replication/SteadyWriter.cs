using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// Inserts rows into one table at a steady rate until stopped, riding out a source that goes away: a failed insert
/// reopens the connection and carries on, so the load resumes by itself when the source is back.
/// </summary>
internal sealed class SteadyWriter : IAsyncDisposable
{
    private readonly string _uri;
    private readonly string _table;
    private readonly TimeSpan _pause;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private long _committed;

    /// <param name="table">`db`.`t` with an AUTO_INCREMENT key and a column v.</param>
    public SteadyWriter(string uri, string table, int perSecond)
    {
        _uri = uri;
        _table = table;
        _pause = TimeSpan.FromSeconds(1.0 / perSecond);
        _writing = Task.Run(() => WriteAsync(_stop.Token));
    }

    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Stops writing; every insert that returned is committed on the source.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _writing;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        MySqlConnection? connection = null;
        using var timer = new PeriodicTimer(_pause);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    connection ??= await MySqlConnection.OpenAsync(_uri, ct);
                    await connection.ExecuteAsync($"INSERT INTO {_table} (v) VALUES (UUID())", ct);
                    Interlocked.Increment(ref _committed);
                }
                catch (MySqlException) when (!ct.IsCancellationRequested)
                {
                    if (connection is not null)
                        await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopped, perhaps in the middle of an insert.
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
    }
}
