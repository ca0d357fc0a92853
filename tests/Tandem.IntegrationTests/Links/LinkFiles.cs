namespace Tandem.IntegrationTests.Links;

/// <summary>Link files for tests, written to a scratch directory.</summary>
internal static class LinkFiles
{
    private static long _channel = Environment.ProcessId % 100_000 * 1000;

    /// <summary>A channel no other test of this run uses.</summary>
    public static long NextChannel() => Interlocked.Increment(ref _channel);

    public static string Write(string yaml)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tandem-link-tests");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>
    /// A link over <paramref name="servers"/> (name, URI) with <paramref name="directions"/> as YAML flow mappings, plus
    /// optional extra top-level YAML (conflicts, partial_columns, ...).
    /// </summary>
    public static string Write(string name, IEnumerable<(string Name, string Uri)> servers, string tables, IEnumerable<string> directions, string extra = "")
    {
        var yaml = $"""
            name: {name}
            channel: {NextChannel()}
            servers:
            {string.Join("\n", servers.Select(static s => $"  {s.Name}: {s.Uri}"))}
            tables: ["{tables}"]
            directions:
            {string.Join("\n", directions.Select(static d => $"  - {d}"))}
            writer_threads: 2
            {extra}
            """;
        return Write(yaml);
    }
}
