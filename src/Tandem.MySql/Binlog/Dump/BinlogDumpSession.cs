using System.Globalization;
using System.Text;
using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Binlog.Dump;

/// <summary>
/// One replica connection: announces checksum and heartbeat support, registers, sends the dump command, then reads
/// events. Session setup follows what a real replica sends (MariaDB KB "5-slave-registration"; MySQL rpl_master.cc):
/// the existence of @master_binlog_checksum marks the client checksum-aware, @mariadb_slave_capability=4 asks
/// MariaDB for GTID events instead of their downgraded form.
/// </summary>
public sealed class BinlogDumpSession : IAsyncDisposable
{
    private const int ErrorMasterFatalReadingBinlog = 1236;

    private readonly MySqlConnection _connection;
    private readonly BinlogEventDecoder _decoder;
    private readonly string _startDescription;

    private BinlogDumpSession(MySqlConnection connection, BinlogEventDecoder decoder, string startDescription)
    {
        _connection = connection;
        _decoder = decoder;
        _startDescription = startDescription;
    }

    public bool IsMariaDb => _connection.IsMariaDb;

    public string ServerVersion => _connection.ServerVersion;

    /// <summary>The decoder's view of the stream: the file and offset of the next event.</summary>
    public BinlogEventDecoder Decoder => _decoder;

    public static async Task<BinlogDumpSession> OpenAsync(MySqlConnectionOptions connectionOptions, BinlogStart start, BinlogDumpOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionOptions);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);

        // Reads must time out: heartbeats keep an idle but healthy stream talking.
        var connection = await MySqlConnection.OpenAsync(connectionOptions with { ReadTimeout = options.SilenceTimeout, BlockingIo = false }, ct).ConfigureAwait(false);
        try
        {
            var checksumText = (await connection.QueryScalarAsync("SELECT @@global.binlog_checksum", ct).ConfigureAwait(false))?.ToString() ?? "NONE";
            var checksum = checksumText.Equals("CRC32", StringComparison.OrdinalIgnoreCase) ? BinlogChecksum.Crc32 : BinlogChecksum.None;
            await connection.ExecuteAsync("SET @master_binlog_checksum = @@global.binlog_checksum, @source_binlog_checksum = @@global.binlog_checksum", ct).ConfigureAwait(false);
            var heartbeatNs = (long)options.HeartbeatPeriod.TotalMilliseconds * 1_000_000L;
            await connection.ExecuteAsync($"SET @master_heartbeat_period = {heartbeatNs}, @source_heartbeat_period = {heartbeatNs}", ct).ConfigureAwait(false);
            var uuid = Guid.NewGuid().ToString("D");
            await connection.ExecuteAsync($"SET @slave_uuid = '{uuid}', @replica_uuid = '{uuid}'", ct).ConfigureAwait(false);

            string file;
            long offset;
            if (connection.IsMariaDb)
            {
                await connection.ExecuteAsync("SET @mariadb_slave_capability = 4", ct).ConfigureAwait(false);
                if (start is BinlogStart.Gtids gtids)
                {
                    var position = MariaDbGtidPosition.Parse(gtids.Set);
                    await connection.ExecuteAsync($"SET @slave_connect_state = '{position}', @slave_gtid_strict_mode = 0, @slave_gtid_ignore_duplicates = 0", ct).ConfigureAwait(false);
                }
            }

            await RegisterAsync(connection, options, ct).ConfigureAwait(false);
            var session = connection.Session;
            var writer = session.RentCommandWriter();
            switch (start)
            {
                case BinlogStart.FilePosition filePosition:
                    if (filePosition.Offset is < 4 or > uint.MaxValue)
                        throw new MySqlException($"binlog offset {filePosition.Offset} is out of range", "a binlog offset is between 4 (the start of a file) and 4294967295");
                    WriteDump(writer, (uint)filePosition.Offset, options, connection.IsMariaDb, filePosition.File);
                    (file, offset) = (filePosition.File, filePosition.Offset);
                    break;
                case BinlogStart.Gtids when connection.IsMariaDb:
                    // The connect state decides; file and offset are ignored (MariaDB KB com_binlog_dump).
                    WriteDump(writer, 4, options, true, string.Empty);
                    (file, offset) = (string.Empty, 4);
                    break;
                case BinlogStart.Gtids gtids:
                    WriteDumpGtid(writer, options, MySqlGtidSet.Parse(gtids.Set));
                    (file, offset) = (string.Empty, 4);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(start));
            }

            session.ExpectLargePayloads(EventPayloadLength);
            await session.SendCommandAsync(writer.Written, ct).ConfigureAwait(false);
            return new BinlogDumpSession(connection, new BinlogEventDecoder(file, offset, checksum), start.ToString());
        }
        catch (MySqlServerException ex) when (ex.ErrorCode == ErrorMasterFatalReadingBinlog)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new BinlogPositionLostException(start.ToString(), ex.Message, ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A dump packet is an OK byte then one event, whose header holds its whole length (event_size, 4 bytes little-endian
    /// after the timestamp, type and server id: https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html),
    /// so a large event's buffer is allocated once at its size. -1 for anything else.
    /// </summary>
    private static long EventPayloadLength(ReadOnlySpan<byte> start) =>
        start.Length >= 14 && start[0] == 0x00 ? 1L + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(start[10..14]) : -1;

    /// <summary>
    /// The next event, with its raw bytes (header, body and checksum). Both are valid only until the next call.
    /// Null when the server ended the stream.
    /// </summary>
    public async ValueTask<(BinlogEvent Event, ReadOnlyMemory<byte> Raw)?> ReadAsync(CancellationToken ct)
    {
        var payload = await _connection.Session.ReadPayloadAsync(ct).ConfigureAwait(false);
        var span = payload.Span;
        if (span.Length == 0)
            throw new BinlogCorruptException($"{_decoder.File}:{_decoder.NextOffset}", "an empty packet in the binlog stream");

        switch (span[0])
        {
            case 0x00:
                var raw = payload[1..];
                return (_decoder.Decode(raw), raw);
            case ErrorPayload.Signature:
                var error = ErrorPayload.Create(span);
                _connection.Session.MarkBroken();
                var at = _decoder.File.Length == 0 ? _startDescription : $"{_decoder.File}:{_decoder.NextOffset}";
                if (error.ErrorCode == ErrorMasterFatalReadingBinlog)
                    throw new BinlogPositionLostException(at, error.Message);
                throw new MySqlServerException(error.ErrorCode, error.SqlState, $"the source ended the binlog stream at {at}: {error.Message}");
            case 0xFE when span.Length < 9:
                return null;
            default:
                _connection.Session.MarkBroken();
                throw new BinlogCorruptException($"{_decoder.File}:{_decoder.NextOffset}", $"unexpected packet starting 0x{span[0]:X2} in the binlog stream");
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task RegisterAsync(MySqlConnection connection, BinlogDumpOptions options, CancellationToken ct)
    {
        // COM_REGISTER_SLAVE: server id, host, user, password (1-byte lengths), port, rank, master id
        // (https://mariadb.com/kb/en/com_register_slave/). MariaDB's GTID dump needs it; it also lists Tandem in SHOW SLAVE HOSTS.
        var writer = connection.Session.RentCommandWriter();
        writer.WriteByte((byte)CommandKind.RegisterSlave);
        writer.WriteUInt32(options.ServerId);
        var host = Encoding.UTF8.GetBytes("tandem");
        writer.WriteByte((byte)host.Length);
        writer.WriteBytes(host);
        writer.WriteByte(0);
        writer.WriteByte(0);
        writer.WriteUInt16(0);
        writer.WriteUInt32(0);
        writer.WriteUInt32(0);
        await connection.Session.SendCommandAsync(writer.Written, ct).ConfigureAwait(false);
        await connection.Session.ReadOkAsync(ct).ConfigureAwait(false);
    }

    private static void WriteDump(Protocol.Serialization.PayloadWriter writer, uint offset, BinlogDumpOptions options, bool isMariaDb, string file)
    {
        // COM_BINLOG_DUMP: position (4), flags (2), server id (4), file name (rest). Flag 0x02 is MariaDB's
        // BINLOG_SEND_ANNOTATE_ROWS_EVENT (https://mariadb.com/kb/en/com_binlog_dump/).
        writer.WriteByte((byte)CommandKind.BinlogDump);
        writer.WriteUInt32(offset);
        writer.WriteUInt16((ushort)(isMariaDb && options.AnnotateRows ? 0x02 : 0));
        writer.WriteUInt32(options.ServerId);
        writer.WriteBytes(Encoding.UTF8.GetBytes(file));
    }

    private static void WriteDumpGtid(Protocol.Serialization.PayloadWriter writer, BinlogDumpOptions options, MySqlGtidSet set)
    {
        // COM_BINLOG_DUMP_GTID: flags (2), server id (4), file name length (4) and name, position (8), data size (4)
        // and the encoded GTID set (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump_gtid.html).
        var data = set.EncodeForDump();
        writer.WriteByte((byte)CommandKind.BinlogDumpGtid);
        writer.WriteUInt16(0);
        writer.WriteUInt32(options.ServerId);
        writer.WriteUInt32(0);
        writer.WriteUInt64(4);
        writer.WriteUInt32((uint)data.Length);
        writer.WriteBytes(data);
    }

    internal static string FormatOffset(long offset) => offset.ToString(CultureInfo.InvariantCulture);
}
