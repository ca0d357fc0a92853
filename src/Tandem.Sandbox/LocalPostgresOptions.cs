namespace Tandem.Sandbox;

/// <summary>How to start a <see cref="LocalPostgres"/>.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>TCP port; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>Subdirectory of the sandbox, so one sandbox can hold several servers.</summary>
    public string Name { get; init; } = "postgres";
}
