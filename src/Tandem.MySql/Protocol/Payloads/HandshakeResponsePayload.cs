using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// Builds HandshakeResponse41 and its 32-byte prefix, the SSLRequest.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html;
/// MariaDB's extended capabilities go in the last 4 bytes of the 23-byte filler (https://mariadb.com/kb/en/connection/#handshake-response-packet).
/// </summary>
internal static class HandshakeResponsePayload
{
    /// <summary>utf8mb4_general_ci: known to MySQL 5.5+ and every MariaDB, so text arrives as utf8mb4 without a SET NAMES round trip.</summary>
    public const byte Utf8Mb4GeneralCi = 45;

    private const uint MaxPacketSize = 1 << 30;

    public static void WriteSslRequest(PayloadWriter writer, CapabilityFlags capabilities)
    {
        WritePrefix(writer, capabilities);
    }

    public static void Write(
        PayloadWriter writer,
        CapabilityFlags capabilities,
        string user,
        ReadOnlySpan<byte> authResponse,
        string? database,
        string pluginName,
        IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        WritePrefix(writer, capabilities);
        writer.WriteNullTerminatedString(user);
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedBytes(authResponse);
        }
        else
        {
            writer.WriteByte((byte)authResponse.Length);
            writer.WriteBytes(authResponse);
        }

        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            writer.WriteNullTerminatedString(database ?? string.Empty);
        }

        if ((capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedString(pluginName);
        }

        if ((capabilities & CapabilityFlags.ConnectAttrs) != 0)
        {
            using var attrs = new PayloadWriter();
            foreach (var (key, value) in attributes)
            {
                attrs.WriteLengthEncodedString(key);
                attrs.WriteLengthEncodedString(value);
            }

            writer.WriteLengthEncodedBytes(attrs.WrittenSpan);
        }
    }

    private static void WritePrefix(PayloadWriter writer, CapabilityFlags capabilities)
    {
        writer.WriteUInt32((uint)((ulong)capabilities & 0xFFFF_FFFF));
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(Utf8Mb4GeneralCi);
        writer.GetSpan(19).Clear();
        writer.WriteUInt32((uint)((ulong)capabilities >> 32));
    }
}
