namespace Tandem.MySql.Protocol;

/// <summary>A connection rented from a <see cref="MySqlConnectionPool"/>; disposing it gives the connection back.</summary>
public sealed class PooledConnection : IAsyncDisposable
{
    private readonly MySqlConnectionPool _pool;
    private MySqlConnection? _connection;

    internal PooledConnection(MySqlConnectionPool pool, MySqlConnection connection)
    {
        _pool = pool;
        _connection = connection;
    }

    public MySqlConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(PooledConnection));

    public async ValueTask DisposeAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            await _pool.ReturnAsync(connection).ConfigureAwait(false);
        }
    }
}
