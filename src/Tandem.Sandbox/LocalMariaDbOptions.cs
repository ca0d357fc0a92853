namespace Tandem.Sandbox;

/// <summary>How to start a <see cref="LocalMariaDb"/>.</summary>
public sealed record LocalMariaDbOptions
{
    /// <summary>TCP port; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>server_id; give each server of a replication topology its own.</summary>
    public int ServerId { get; init; } = 1;

    /// <summary>Generate a CA, server and client certificate and enable TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>Subdirectory of the sandbox, so one sandbox can hold several servers.</summary>
    public string Name { get; init; } = "mariadb";

    /// <summary>Extra my.cnf lines (name → value) appended after the defaults, so they win.</summary>
    public IReadOnlyDictionary<string, string>? ExtraSettings { get; init; }

    public long BufferPoolBytes { get; init; } = 256L * 1024 * 1024;
}
