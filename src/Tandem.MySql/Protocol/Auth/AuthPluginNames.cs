namespace Tandem.MySql.Protocol.Auth;

/// <summary>
/// The plugin names the server sends in the initial handshake and in AuthSwitchRequest (0xFE), and that the
/// client echoes in HandshakeResponse41.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html
/// and https://mariadb.com/kb/en/authentication-plugin-ed25519/.
/// </summary>
internal static class AuthPluginNames
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2 = "caching_sha2_password";
    public const string Sha256 = "sha256_password";

    /// <summary>The client side of MariaDB's server plugin <c>ed25519</c>; the server names the client plugin in the switch request.</summary>
    public const string Ed25519 = "client_ed25519";

    public const string ClearPassword = "mysql_clear_password";
}
