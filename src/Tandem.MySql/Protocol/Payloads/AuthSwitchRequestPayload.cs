using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// The server asks the client to authenticate with another plugin: 0xFE, plugin name, new plugin data.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html.
/// <see cref="Data"/> is kept exactly as sent: MySQL's 20-byte nonces carry a trailing NUL, which AuthScrambles ignores by
/// using the first 20 bytes, but MariaDB's 32-byte client_ed25519 scramble has none, so a last byte of zero is data.
/// </summary>
public readonly record struct AuthSwitchRequestPayload(string PluginName, byte[] Data)
{
    public const byte Signature = 0xFE;

    public static AuthSwitchRequestPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "auth switch request");
        reader.ReadByte();
        var name = Encoding.ASCII.GetString(reader.ReadNullTerminatedOrRestBytes());
        var data = reader.ReadRest();
        return new AuthSwitchRequestPayload(name, data.ToArray());
    }
}
