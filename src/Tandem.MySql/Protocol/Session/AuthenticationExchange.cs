using Tandem.MySql.Protocol.Auth;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Protocol.Session;

/// <summary>
/// Computes the client's answers during authentication, plugin by plugin, including the auth-switch and
/// caching_sha2's fast/full paths. See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
/// and https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html.
/// </summary>
internal sealed class AuthenticationExchange
{
    private const string OldPasswordPlugin = "mysql_old_password";
    private const byte CachingSha2RequestPublicKey = 0x02;
    private const byte Sha256RequestPublicKey = 0x01;
    private const byte CachingSha2FastAuthSuccess = 0x03;
    private const byte CachingSha2PerformFullAuth = 0x04;

    private readonly MySqlConnectionOptions _options;
    private readonly bool _isSecure;
    private bool _awaitingPublicKey;

    public AuthenticationExchange(MySqlConnectionOptions options, bool isSecure, string pluginName, byte[] scramble)
    {
        _options = options;
        _isSecure = isSecure;
        PluginName = pluginName;
        Scramble = scramble;
    }

    public string PluginName { get; private set; }

    public byte[] Scramble { get; private set; }

    /// <summary>The response to the current plugin's challenge (the first one, or after an auth switch).</summary>
    public byte[] InitialResponse()
    {
        var password = _options.Password;
        switch (PluginName)
        {
            case AuthPluginNames.NativePassword:
                return AuthScrambles.NativePassword(password, Scramble);
            case AuthPluginNames.CachingSha2:
                return AuthScrambles.CachingSha2(password, Scramble);
            case AuthPluginNames.Ed25519:
                return AuthScrambles.Ed25519Sign(password, Scramble);
            case AuthPluginNames.Sha256:
                if (password.Length == 0)
                {
                    return [0];
                }

                if (_isSecure)
                {
                    return AuthScrambles.ClearPassword(password);
                }

                if (_options.ServerPublicKeyFile is not null)
                {
                    return AuthScrambles.RsaEncryptPassword(password, Scramble, ReadServerKey());
                }

                RequirePublicKeyRetrieval();
                _awaitingPublicKey = true;
                return [Sha256RequestPublicKey];
            case AuthPluginNames.ClearPassword:
                RequireSecure();
                return AuthScrambles.ClearPassword(password);
            case OldPasswordPlugin:
                // The pre-4.1 hash is broken (servers refuse it unless secure_auth is off); Tandem will not send it.
                throw new MySqlConnectionException(
                    $"'{_options.User}' has a pre-4.1 password (mysql_old_password), which is insecure; Tandem does not log in with it",
                    $"give the account a current password: ALTER USER '{_options.User}' IDENTIFIED VIA mysql_native_password USING PASSWORD('...') (or ed25519)");
            default:
                throw new MySqlConnectionException(
                    $"the server asks for authentication plugin '{PluginName}', which Tandem does not support",
                    "create Tandem's user with mysql_native_password, caching_sha2_password, sha256_password or ed25519");
        }
    }

    public void Switch(AuthSwitchRequestPayload request)
    {
        PluginName = request.PluginName;

        // A lone NUL is "no new data" (e.g. mysql_clear_password); keep the greeting's scramble then.
        if (request.Data is not [] and not [0])
        {
            Scramble = request.Data;
        }

        _awaitingPublicKey = false;
    }

    /// <summary>
    /// Answers an AuthMoreData packet (0x01 + data). Returns null when the client must only wait for the next packet.
    /// </summary>
    public byte[]? MoreData(ReadOnlySpan<byte> data)
    {
        if (_awaitingPublicKey || PluginName == AuthPluginNames.Sha256)
        {
            _awaitingPublicKey = false;
            var pem = System.Text.Encoding.ASCII.GetString(data);
            return AuthScrambles.RsaEncryptPassword(_options.Password, Scramble, pem);
        }

        if (PluginName == AuthPluginNames.CachingSha2 && data.Length == 1)
        {
            switch (data[0])
            {
                case CachingSha2FastAuthSuccess:
                    return null;
                case CachingSha2PerformFullAuth:
                    if (_isSecure)
                    {
                        return AuthScrambles.ClearPassword(_options.Password);
                    }

                    if (_options.ServerPublicKeyFile is not null)
                    {
                        return AuthScrambles.RsaEncryptPassword(_options.Password, Scramble, ReadServerKey());
                    }

                    RequirePublicKeyRetrieval();
                    _awaitingPublicKey = true;
                    return [CachingSha2RequestPublicKey];
            }
        }

        throw new MySqlProtocolException($"unexpected authentication data ({data.Length} bytes) from plugin {PluginName}");
    }

    private void RequirePublicKeyRetrieval()
    {
        if (!_options.AllowPublicKeyRetrieval)
        {
            throw new MySqlConnectionException(
                $"the server needs the password for '{_options.User}' sent with its RSA key, but the connection is neither TLS nor a Unix socket",
                "use tls=require (best), give the key with server-public-key=/path/key.pem, or allow-public-key-retrieval=true if the network is trusted");
        }
    }

    private void RequireSecure()
    {
        if (!_isSecure)
        {
            throw new MySqlConnectionException(
                $"the server asks for the clear-text password of '{_options.User}' over an unencrypted connection; Tandem refuses",
                "connect with tls=require or over the server's Unix socket");
        }
    }

    private string ReadServerKey()
    {
        try
        {
            return File.ReadAllText(_options.ServerPublicKeyFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MySqlConnectionException($"could not read server-public-key file {_options.ServerPublicKeyFile}: {ex.Message}", inner: ex);
        }
    }
}
