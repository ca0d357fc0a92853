namespace Tandem.MySql.Protocol;

/// <summary>How the connection uses TLS; the names follow libpq's and MySQL's ssl-mode.</summary>
public enum TlsMode
{
    /// <summary>Never use TLS.</summary>
    Disable,

    /// <summary>Use TLS when the server offers it, without checking its certificate.</summary>
    Prefer,

    /// <summary>Require TLS, without checking the server's certificate.</summary>
    Require,

    /// <summary>Require TLS and a certificate signed by the configured CA (the host name is not checked).</summary>
    VerifyCa,

    /// <summary>Require TLS, a certificate signed by the CA (or the system store) and a host name that matches it.</summary>
    VerifyFull,
}
