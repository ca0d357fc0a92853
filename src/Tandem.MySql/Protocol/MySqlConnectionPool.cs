using System.Collections.Concurrent;

namespace Tandem.MySql.Protocol;

/// <summary>
/// A bounded pool of connections to one server. A connection comes back reset (COM_RESET_CONNECTION), which
/// also proves it is alive; one that fails the reset, or was broken while rented, is replaced by a new one.
/// </summary>
public sealed class MySqlConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentBag<MySqlConnection> _idle = [];
    private readonly SemaphoreSlim _slots;
    private int _open;
    private bool _disposed;

    public MySqlConnectionPool(MySqlConnectionOptions options, int maxSize = 16, bool resetOnRent = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        Options = options;
        MaxSize = maxSize;
        ResetOnRent = resetOnRent;
        _slots = new SemaphoreSlim(maxSize, maxSize);
    }

    public MySqlConnectionOptions Options { get; }

    public int MaxSize { get; }

    public bool ResetOnRent { get; }

    /// <summary>Connections open now, rented or idle.</summary>
    public int OpenCount => Volatile.Read(ref _open);

    public int IdleCount => _idle.Count;

    /// <summary>Waits for a free slot, then hands out a healthy connection; dispose the lease to give it back.</summary>
    public async Task<PooledConnection> RentAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.TryTake(out var idle))
            {
                bool healthy;
                try
                {
                    healthy = await IsHealthyAsync(idle, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // A check cut short leaves the connection broken, or in doubt: it does not go back.
                    await CloseAsync(idle).ConfigureAwait(false);
                    throw;
                }

                if (healthy)
                {
                    return new PooledConnection(this, idle);
                }

                await CloseAsync(idle).ConfigureAwait(false);
            }

            var connection = await MySqlConnection.OpenAsync(Options, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _open);
            return new PooledConnection(this, connection);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            await CloseAsync(connection).ConfigureAwait(false);
        }
    }

    internal async ValueTask ReturnAsync(MySqlConnection connection)
    {
        try
        {
            if (_disposed || connection.IsBroken || connection.HasActiveReader)
            {
                await CloseAsync(connection).ConfigureAwait(false);
            }
            else
            {
                _idle.Add(connection);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<bool> IsHealthyAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        if (connection.IsBroken)
        {
            return false;
        }

        try
        {
            if (ResetOnRent)
            {
                await connection.ResetAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connection.PingAsync(cancellationToken).ConfigureAwait(false);
            }

            return !connection.IsBroken;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    private async ValueTask CloseAsync(MySqlConnection connection)
    {
        Interlocked.Decrement(ref _open);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
