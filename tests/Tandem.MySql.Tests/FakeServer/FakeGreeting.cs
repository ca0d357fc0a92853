using System.Text;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>
/// The server greeting (Handshake v10) the fake sends, field by field.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
/// and https://mariadb.com/kb/en/connection/#initial-handshake-packet.
/// </summary>
internal sealed record FakeGreeting
{
    /// <summary>What a MySQL 8 server offers, less TLS (the tests run over plain TCP).</summary>
    public const CapabilityFlags MySqlCapabilities =
        CapabilityFlags.LongPassword | CapabilityFlags.FoundRows | CapabilityFlags.LongFlag | CapabilityFlags.ConnectWithDb |
        CapabilityFlags.NoSchema | CapabilityFlags.Compress | CapabilityFlags.Odbc | CapabilityFlags.LocalFiles | CapabilityFlags.IgnoreSpace |
        CapabilityFlags.Protocol41 | CapabilityFlags.Interactive | CapabilityFlags.IgnoreSigpipe | CapabilityFlags.Transactions |
        CapabilityFlags.Reserved | CapabilityFlags.SecureConnection | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults |
        CapabilityFlags.PsMultiResults | CapabilityFlags.PluginAuth | CapabilityFlags.ConnectAttrs | CapabilityFlags.PluginAuthLengthEncodedClientData |
        CapabilityFlags.CanHandleExpiredPasswords | CapabilityFlags.SessionTrack | CapabilityFlags.DeprecateEof;

    /// <summary>What MariaDB 10.11 offers: bit 0 (CLIENT_MYSQL to MariaDB) clear, extended capabilities above bit 32.</summary>
    public const CapabilityFlags MariaDbCapabilities =
        (MySqlCapabilities & ~CapabilityFlags.LongPassword) |
        CapabilityFlags.MariaDbProgress | CapabilityFlags.MariaDbComMulti | CapabilityFlags.MariaDbStmtBulkOperations |
        CapabilityFlags.MariaDbExtendedMetadata | CapabilityFlags.MariaDbCacheMetadata;

    public static readonly byte[] DefaultScramble = [.. Enumerable.Range(0, 20).Select(i => (byte)(0x21 + (i * 5 % 90)))];

    public string ServerVersion { get; init; } = "8.0.36";

    public uint ConnectionId { get; init; } = 42;

    public CapabilityFlags Capabilities { get; init; } = MySqlCapabilities;

    public string AuthPluginName { get; init; } = "caching_sha2_password";

    /// <summary>The 20-byte nonce; the greeting adds the trailing NUL that real servers send.</summary>
    public byte[] Scramble { get; init; } = DefaultScramble;

    public static FakeGreeting MySql(string plugin = "caching_sha2_password") => new() { AuthPluginName = plugin };

    public static FakeGreeting MariaDb(string plugin = "mysql_native_password") => new()
    {
        ServerVersion = "5.5.5-10.11.6-MariaDB",
        Capabilities = MariaDbCapabilities,
        AuthPluginName = plugin,
    };

    public byte[] ToPayload()
    {
        using var bytes = new MemoryStream();
        var caps = (ulong)Capabilities;
        bytes.WriteByte(10);
        WriteNullTerminated(bytes, ServerVersion);
        WriteUInt32(bytes, ConnectionId);
        bytes.Write(Scramble.AsSpan(0, 8));
        bytes.WriteByte(0);
        WriteUInt16(bytes, (ushort)caps);
        bytes.WriteByte(45); // utf8mb4_general_ci
        WriteUInt16(bytes, (ushort)ServerStatus.AutoCommit);
        WriteUInt16(bytes, (ushort)(caps >> 16));
        bytes.WriteByte((byte)(Scramble.Length + 1));
        bytes.Write(new byte[6]);

        // MariaDB's extended capabilities live in the last 4 of the 10 reserved bytes; MySQL leaves them zero.
        WriteUInt32(bytes, (caps & 1) == 0 ? (uint)(caps >> 32) : 0);
        bytes.Write(Scramble.AsSpan(8));
        bytes.WriteByte(0);
        WriteNullTerminated(bytes, AuthPluginName);
        return bytes.ToArray();
    }

    private static void WriteNullTerminated(Stream stream, string text)
    {
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.WriteByte(0);
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        WriteUInt16(stream, (ushort)value);
        WriteUInt16(stream, (ushort)(value >> 16));
    }
}
