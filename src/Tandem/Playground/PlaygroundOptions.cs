namespace Tandem.Cli.Playground;

/// <summary>What <c>tandem playground</c> was asked for.</summary>
internal sealed record PlaygroundOptions
{
    public bool Postgres { get; init; }

    public bool Keep { get; init; }

    /// <summary>The sandbox directory; a fresh temporary one when null.</summary>
    public string? Directory { get; init; }

    /// <summary>Source port; the target gets Port + 1 and PostgreSQL Port + 2. Free ports when null.</summary>
    public int? Port { get; init; }

    /// <summary>Load a dataset, write to it and replicate it from source to target (false: servers only).</summary>
    public bool Replicate { get; init; } = true;

    /// <summary>Rows in each of the dataset's four tables.</summary>
    public int Rows { get; init; } = 50_000;

    /// <summary>Write transactions per second of the load.</summary>
    public int Rate { get; init; } = 50;
}
