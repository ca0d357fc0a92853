using System.Buffers.Binary;
using System.Text;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.FakeServer;

/// <summary>
/// HandshakeResponse41 as the fake server reads it, parsed here without the client's own reader.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html.
/// </summary>
internal sealed record ClientHandshakeResponse(
    uint LowCapabilities,
    uint MariaDbCapabilities,
    byte CharacterSet,
    byte[] Filler,
    string User,
    byte[] AuthResponse,
    string? Database,
    string? PluginName,
    byte[] Raw)
{
    public CapabilityFlags Capabilities => (CapabilityFlags)LowCapabilities;

    public static ClientHandshakeResponse Parse(byte[] payload)
    {
        var span = payload.AsSpan();
        var low = BinaryPrimitives.ReadUInt32LittleEndian(span);
        var charset = span[8];
        var filler = span.Slice(9, 23).ToArray();
        var mariaDb = BinaryPrimitives.ReadUInt32LittleEndian(span[28..]);
        var offset = 32;
        var user = ReadNullTerminated(span, ref offset);
        byte[] auth;
        if ((low & (uint)CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            // The tests' auth responses are shorter than 251 bytes, so the length is one byte.
            var length = span[offset++];
            auth = span.Slice(offset, length).ToArray();
            offset += length;
        }
        else
        {
            var length = span[offset++];
            auth = span.Slice(offset, length).ToArray();
            offset += length;
        }

        string? database = (low & (uint)CapabilityFlags.ConnectWithDb) != 0 ? ReadNullTerminated(span, ref offset) : null;
        string? plugin = (low & (uint)CapabilityFlags.PluginAuth) != 0 ? ReadNullTerminated(span, ref offset) : null;
        return new ClientHandshakeResponse(low, mariaDb, charset, filler, user, auth, database, plugin, payload);
    }

    private static string ReadNullTerminated(ReadOnlySpan<byte> span, ref int offset)
    {
        var end = span[offset..].IndexOf((byte)0);
        var text = Encoding.UTF8.GetString(span.Slice(offset, end));
        offset += end + 1;
        return text;
    }
}
