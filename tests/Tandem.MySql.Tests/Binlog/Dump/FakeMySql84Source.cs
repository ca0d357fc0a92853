using System.Collections.Concurrent;
using System.Text;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Binlog.Dump;

/// <summary>
/// A scripted MySQL 8.4 source for the dump path: a MySQL (not MariaDB) greeting, answers to the queries
/// BinlogDumpSession and BinlogCapture send (session SETs, the checksum, SourceFacts, SHOW BINARY LOG STATUS after
/// SHOW MASTER STATUS fails as 8.4 removed it, and information_schema describing shop.items), COM_REGISTER_SLAVE,
/// then hands each dump command to the next of the test's stream scripts. Connections are served at once, as capture
/// holds a metadata, a schema and a dump connection together. Anything it does not expect is recorded in
/// <see cref="Unexpected"/> and answered with an error.
/// </summary>
internal sealed class FakeMySql84Source : IAsyncDisposable
{
    public const string ServerVersion = "8.4.3";

    private readonly FakeMySqlServer _server;
    private readonly Func<FakeConnection, DumpCommand, Task>[] _streams;
    private int _dumpCount = -1;

    private FakeMySql84Source(Func<FakeConnection, DumpCommand, Task>[] streams)
    {
        _streams = streams;
        _server = FakeMySqlServer.StartConcurrent(ServeAsync);
    }

    /// <summary>Every COM_QUERY text, in arrival order across connections.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>Every COM_REGISTER_SLAVE payload.</summary>
    public ConcurrentQueue<byte[]> Registrations { get; } = new();

    /// <summary>Every dump command, in arrival order.</summary>
    public ConcurrentQueue<DumpCommand> Dumps { get; } = new();

    /// <summary>Commands the script had no answer for.</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    /// <summary>What SHOW BINARY LOG STATUS reports: file, position and Executed_Gtid_Set.</summary>
    public (string File, long Position, string ExecutedGtids) Status { get; set; } = ("binlog.000001", 4, string.Empty);

    /// <summary>What @@gtid_mode reports: OFF, OFF_PERMISSIVE, ON_PERMISSIVE or ON.</summary>
    public string GtidMode { get; set; } = "ON";

    /// <summary>
    /// Starts the source; the n-th dump command (counting reconnections) goes to the n-th stream script, which sends
    /// events and returns when the stream should end (the connection is then closed).
    /// </summary>
    public static FakeMySql84Source Start(params Func<FakeConnection, DumpCommand, Task>[] streams) => new(streams);

    public MySqlConnectionOptions Options() => MySqlConnectionOptions.Parse(_server.Uri("pw"));

    /// <summary>A binlog stream packet: 0x00, then the event
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html).</summary>
    public static Task SendEventAsync(FakeConnection connection, byte[] rawEvent) => connection.WritePayloadAsync([0x00, .. rawEvent]);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(FakeConnection c)
    {
        await c.GreetAsync(new FakeGreeting { ServerVersion = ServerVersion });
        await c.WritePayloadAsync(FakePackets.Ok());
        while (true)
        {
            c.Sequence = 0;
            var command = await c.ReadPayloadOrEndAsync();
            if (command is null || command is [0x01])
            {
                return;
            }

            switch (command[0])
            {
                case 0x03:
                    var sql = Encoding.UTF8.GetString(command.AsSpan(1));
                    Queries.Enqueue(sql);
                    foreach (var packet in Answer(sql))
                    {
                        await c.WritePayloadAsync(packet);
                    }

                    break;
                case 0x0E:
                    await c.WritePayloadAsync(FakePackets.Ok());
                    break;
                case 0x15:
                    Registrations.Enqueue(command);
                    await c.WritePayloadAsync(FakePackets.Ok());
                    break;
                case DumpCommand.BinlogDump or DumpCommand.BinlogDumpGtid:
                    var dump = DumpCommand.Parse(command);
                    Dumps.Enqueue(dump);
                    if (dump.IsGtid && GtidMode == "OFF")
                    {
                        // What the server answers an auto-position dump without GTIDs (ER_AUTO_POSITION_REQUIRES_GTID_MODE_NOT_OFF).
                        await c.WritePayloadAsync(FakePackets.Error(1236, "HY000", "The replication receiver thread cannot start in AUTO_POSITION mode: this server has GTID_MODE = OFF instead of ON."));
                        await c.ExpectClientClosesAsync();
                        return;
                    }

                    var index = Interlocked.Increment(ref _dumpCount);
                    if (index >= _streams.Length)
                    {
                        Unexpected.Enqueue($"dump #{index + 1} ({dump}) but only {_streams.Length} stream scripts");
                        await c.WritePayloadAsync(FakePackets.Error(1236, "HY000", "no more streams in this test"));
                        return;
                    }

                    await _streams[index](c, dump);
                    return;
                default:
                    Unexpected.Enqueue($"command 0x{command[0]:X2}");
                    await c.WritePayloadAsync(FakePackets.Error(1047, "08S01", "Unknown command"));
                    break;
            }
        }
    }

    private byte[][] Answer(string sql)
    {
        // Column types are those MySQL 8.4 reports for these expressions and information_schema columns.
        const ColumnType Text = ColumnType.VarString;
        const ColumnType Number = ColumnType.LongLong;
        if (sql.StartsWith("SET ", StringComparison.Ordinal))
        {
            return [FakePackets.Ok()];
        }

        if (sql == "SELECT @@global.binlog_checksum")
        {
            return ResultSet([("@@global.binlog_checksum", Text)], ["CRC32"]);
        }

        if (sql == "SELECT @@version, @@gtid_mode")
            return ResultSet([("@@version", Text), ("@@gtid_mode", Text)], [ServerVersion, GtidMode]);

        if (sql == "SHOW MASTER STATUS")
        {
            // MySQL 8.4 removed the statement: a parse error (ER_PARSE_ERROR).
            return [FakePackets.Error(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'MASTER STATUS' at line 1")];
        }

        if (sql == "SHOW BINARY LOG STATUS")
        {
            return ResultSet(
                [("File", Text), ("Position", Number), ("Binlog_Do_DB", Text), ("Binlog_Ignore_DB", Text), ("Executed_Gtid_Set", Text)],
                [Status.File, Status.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty, string.Empty, Status.ExecutedGtids]);
        }

        if (sql == "SELECT @@lower_case_table_names, @@character_set_server, @@collation_server")
        {
            return ResultSet([("@@lower_case_table_names", Number), ("@@character_set_server", Text), ("@@collation_server", Text)], ["0", "utf8mb4", "utf8mb4_0900_ai_ci"]);
        }

        if (sql.Contains("information_schema.CHARACTER_SETS", StringComparison.Ordinal))
        {
            return ResultSet(
                [("CHARACTER_SET_NAME", Text), ("DEFAULT_COLLATE_NAME", Text), ("MAXLEN", ColumnType.Long)],
                ["utf8mb4", "utf8mb4_0900_ai_ci", "4"], ["latin1", "latin1_swedish_ci", "1"], ["binary", "binary", "1"]);
        }

        if (sql.Contains("information_schema.SCHEMATA", StringComparison.Ordinal))
        {
            return ResultSet([("SCHEMA_NAME", Text), ("DEFAULT_CHARACTER_SET_NAME", Text), ("DEFAULT_COLLATION_NAME", Text)], ["shop", "utf8mb4", "utf8mb4_0900_ai_ci"]);
        }

        if (sql.Contains("information_schema.TABLES", StringComparison.Ordinal))
        {
            return ResultSet([("TABLE_SCHEMA", Text), ("TABLE_NAME", Text), ("TABLE_COLLATION", Text), ("TABLE_TYPE", Text)], ["shop", "items", "utf8mb4_0900_ai_ci", "BASE TABLE"]);
        }

        if (sql.Contains("information_schema.COLUMNS", StringComparison.Ordinal))
        {
            return ResultSet(
                [
                    ("TABLE_SCHEMA", Text), ("TABLE_NAME", Text), ("COLUMN_NAME", Text), ("COLUMN_TYPE", ColumnType.Blob), ("IS_NULLABLE", Text),
                    ("CHARACTER_SET_NAME", Text), ("COLLATION_NAME", Text), ("EXTRA", Text), ("GENERATION_EXPRESSION", ColumnType.Blob),
                ],
                ["shop", "items", "id", "int unsigned", "NO", null, null, string.Empty, string.Empty],
                ["shop", "items", "name", "varchar(100)", "YES", "utf8mb4", "utf8mb4_0900_ai_ci", string.Empty, string.Empty]);
        }

        if (sql.Contains("information_schema.STATISTICS", StringComparison.Ordinal))
        {
            return ResultSet(
                [("TABLE_SCHEMA", Text), ("TABLE_NAME", Text), ("INDEX_NAME", Text), ("NON_UNIQUE", ColumnType.Long), ("COLUMN_NAME", Text), ("SUB_PART", ColumnType.Long)],
                ["shop", "items", "PRIMARY", "0", "id", null]);
        }

        Unexpected.Enqueue(sql);
        return [FakePackets.Error(1064, "42000", $"the fake MySQL 8.4 has no answer for: {sql}")];
    }

    /// <summary>A text result set under CLIENT_DEPRECATE_EOF: column count, definitions, rows, and the OK that ends them.</summary>
    private static byte[][] ResultSet((string Name, ColumnType Type)[] columns, params string?[][] rows) =>
    [
        FakePackets.ColumnCount(columns.Length),
        .. columns.Select(c => c.Type is ColumnType.LongLong or ColumnType.Long
            ? FakePackets.Column(c.Name, c.Type, c.Name is "MAXLEN" or "Position" or "@@lower_case_table_names" ? ColumnFlags.Unsigned : ColumnFlags.None, charset: 63)
            : FakePackets.Column(c.Name, c.Type, charset: 255)),
        .. rows.Select(r => FakePackets.TextRow(r)),
        FakePackets.EndOfRowsOk(),
    ];
}
