using Tandem.Core.Errors;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Protocol.Session;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Commands on a connection whose session state must not be lost: a snapshot transaction on the source, an open write
/// transaction on the target. <see cref="MySqlConnection"/> silently reopens a lost connection on the next command,
/// which would read outside the snapshot or autocommit half a chunk; these refuse to run on a broken or reopened
/// session instead, and the chunk is redone.
/// </summary>
internal static class PinnedSession
{
    /// <summary>Runs a statement given as a COM_QUERY payload (the command byte, then the SQL) and returns its OK.</summary>
    public static async Task<MySqlResult> ExecuteAsync(MySqlConnection connection, uint connectionId, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var reader = await SendAsync(connection, connectionId, payload, ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
            }

            return reader.LastResult;
        }
    }

    public static Task<MySqlResult> ExecuteAsync(MySqlConnection connection, uint connectionId, string sql, CancellationToken ct) =>
        ExecuteAsync(connection, connectionId, Payload(sql), ct);

    public static Task<MySqlDataReader> QueryAsync(MySqlConnection connection, uint connectionId, string sql, CancellationToken ct) =>
        SendAsync(connection, connectionId, Payload(sql), ct);

    /// <summary>Fails when the session that holds the state is gone.</summary>
    public static void EnsureSame(MySqlConnection connection, uint connectionId)
    {
        if (connection.IsBroken || connection.ConnectionId != connectionId)
        {
            throw new CopyConnectionLostException(
                $"the connection to {connection.Options.DisplayName} that held the copy's snapshot or open transaction was lost",
                "the copy resumes from its last finished chunk when the task restarts");
        }
    }

    private static async Task<MySqlDataReader> SendAsync(MySqlConnection connection, uint connectionId, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        EnsureSame(connection, connectionId);
        await connection.BeginCommandAsync(ct).ConfigureAwait(false);
        EnsureSame(connection, connectionId);
        var reader = new MySqlDataReader(connection, connection.Session, RowFormat.Text);
        connection.SetActiveReader(reader);
        try
        {
            await connection.Session.SendCommandAsync(payload, ct).ConfigureAwait(false);
        }
        catch
        {
            connection.ReaderFinished(reader);
            throw;
        }

        await reader.ReadResultHeaderAsync(ct).ConfigureAwait(false);
        return reader;
    }

    private static byte[] Payload(string sql)
    {
        var bytes = new byte[1 + System.Text.Encoding.UTF8.GetByteCount(sql)];
        bytes[0] = (byte)CommandKind.Query;
        System.Text.Encoding.UTF8.GetBytes(sql, bytes.AsSpan(1));
        return bytes;
    }
}
