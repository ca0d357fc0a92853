using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>
/// The server asks the client to authenticate with another plugin: 0xFE, plugin name, new plugin data.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html.
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
        if (data.Length > 0 && data[^1] == 0)
        {
            data = data[..^1];
        }

        return new AuthSwitchRequestPayload(name, data.ToArray());
    }
}
