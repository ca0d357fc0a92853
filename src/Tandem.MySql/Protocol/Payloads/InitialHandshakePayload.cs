using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// The server greeting, protocol version 10.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
/// and https://mariadb.com/kb/en/connection/#initial-handshake-packet for MariaDB's extended capabilities.
/// </summary>
public sealed class InitialHandshakePayload
{
    public const byte ProtocolVersion = 10;

    /// <summary>MariaDB prefixes its version to keep old MySQL clients from refusing a "10.x" server.</summary>
    private const string MariaDbReplicationHack = "5.5.5-";

    public required string ServerVersion { get; init; }

    public required uint ConnectionId { get; init; }

    public required byte[] Scramble { get; init; }

    public required CapabilityFlags Capabilities { get; init; }

    public required byte CharacterSet { get; init; }

    public required ServerStatus Status { get; init; }

    public required string AuthPluginName { get; init; }

    public bool IsMariaDb { get; init; }

    public static InitialHandshakePayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "server greeting");
        var protocol = reader.ReadByte();
        if (protocol != ProtocolVersion)
        {
            throw new MySqlProtocolException($"unsupported handshake protocol version {protocol}; Tandem speaks version 10 (MySQL 4.1 and later)");
        }

        var version = reader.ReadNullTerminatedString();
        var connectionId = reader.ReadUInt32();
        var scramble1 = reader.ReadBytes(8).ToArray();
        reader.ReadByte(); // filler
        var capabilities = (CapabilityFlags)reader.ReadUInt16();
        byte charset = 0;
        var status = ServerStatus.None;
        byte[] scramble = scramble1;
        var plugin = "mysql_native_password";
        var isMariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        if (!reader.AtEnd)
        {
            charset = reader.ReadByte();
            status = (ServerStatus)reader.ReadUInt16();
            capabilities |= (CapabilityFlags)((ulong)reader.ReadUInt16() << 16);
            var authDataLength = reader.ReadByte();
            reader.Skip(6);
            var extended = reader.ReadUInt32();

            // MariaDB clears CLIENT_LONG_PASSWORD (which it calls CLIENT_MYSQL) and puts its own
            // capabilities in the last 4 reserved bytes.
            if ((capabilities & CapabilityFlags.LongPassword) == 0)
            {
                isMariaDb = true;
                capabilities |= (CapabilityFlags)((ulong)extended << 32);
            }

            if ((capabilities & CapabilityFlags.SecureConnection) != 0)
            {
                var part2Length = Math.Max(13, authDataLength - 8);
                var part2 = reader.ReadBytes(Math.Min(part2Length, reader.Remaining));

                // The second part carries a trailing NUL that is not part of the 20-byte scramble.
                if (part2.Length > 0 && part2[^1] == 0)
                {
                    part2 = part2[..^1];
                }

                scramble = [.. scramble1, .. part2];
            }

            if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.AtEnd)
            {
                plugin = Encoding.ASCII.GetString(reader.ReadNullTerminatedOrRestBytes());
            }
        }

        if (version.StartsWith(MariaDbReplicationHack, StringComparison.Ordinal))
        {
            version = version[MariaDbReplicationHack.Length..];
            isMariaDb = true;
        }

        return new InitialHandshakePayload
        {
            ServerVersion = version,
            ConnectionId = connectionId,
            Scramble = scramble,
            Capabilities = capabilities,
            CharacterSet = charset,
            Status = status,
            AuthPluginName = plugin,
            IsMariaDb = isMariaDb,
        };
    }
}
