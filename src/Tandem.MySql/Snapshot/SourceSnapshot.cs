using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Source connections that each hold a transaction on one and the same consistent snapshot, and the binlog position
/// that snapshot corresponds to: every transaction before it is visible, none after it.
/// </summary>
internal sealed class SourceSnapshot : IAsyncDisposable
{
    private readonly MySqlConnection[] _connections;
    private readonly uint[] _ids;

    public SourceSnapshot(MySqlConnection[] connections, uint[] ids, BinlogPosition position)
    {
        _connections = connections;
        _ids = ids;
        Position = position;
    }

    public BinlogPosition Position { get; }

    public int Count => _connections.Length;

    public MySqlConnection Connection(int index) => _connections[index];

    /// <summary>The server's id of the session holding the snapshot: a reopened connection has another and no snapshot.</summary>
    public uint ConnectionId(int index) => _ids[index];

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync().ConfigureAwait(false);
    }
}
