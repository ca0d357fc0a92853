namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// MariaDB's fixed-length binary column types, each a DATA TYPE plugin (information_schema.PLUGINS): the server stores
/// a value as a few bytes but reads and writes it as text.
/// </summary>
internal enum FixedBinaryKind
{
    /// <summary>Not one of them.</summary>
    None,

    /// <summary>INET4 (MariaDB 10.10+): 4 bytes, an IPv4 address in network order (https://mariadb.com/kb/en/inet4/).</summary>
    Inet4,

    /// <summary>INET6 (MariaDB 10.5+): 16 bytes, an IPv6 address in network order (https://mariadb.com/kb/en/inet6/).</summary>
    Inet6,

    /// <summary>UUID (MariaDB 10.7+): 16 bytes in the order of its text form (https://mariadb.com/kb/en/uuid-data-type/).</summary>
    Uuid,
}
