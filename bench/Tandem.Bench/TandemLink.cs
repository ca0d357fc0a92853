using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>One direction of a link file: <c>{from: a, to: b, mode: ..., ddl: ...}</c>.</summary>
internal sealed record TandemLinkDirection(string From, string To, string Mode, bool Ddl = false);

/// <summary>
/// What one <c>tandem run</c> link file says (docs/link-file.md): two or more servers by name, the tables, the
/// directions, the copy and writer threads of every direction, and batch_wait when given (Tandem's default otherwise).
/// The conflict policy is the default (source-wins, every
/// conflict logged); the checks run whatever the policy.
/// </summary>
internal sealed record TandemLink(
    string Name, int Channel, IReadOnlyList<(string Server, string Uri)> Servers, IReadOnlyList<string> Tables,
    IReadOnlyList<TandemLinkDirection> Directions, int Threads, string? BatchWait = null) : ITandemRunFile
{
    /// <summary>The task a direction runs as, which names its checkpoint rows on its target.</summary>
    public string TaskName(TandemLinkDirection direction) => $"{Name}.{direction.From}-{direction.To}";

    public string Yaml()
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: {Name}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"channel: {Channel}\n");
        yaml.Append("servers:\n");
        foreach (var (server, uri) in Servers)
            yaml.Append(CultureInfo.InvariantCulture, $"  {server}: {uri}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"tables: [{string.Join(", ", Tables.Select(t => $"\"{t}\""))}]\n");
        yaml.Append("directions:\n");
        foreach (var d in Directions)
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{from: {d.From}, to: {d.To}, mode: {d.Mode}, ddl: {(d.Ddl ? "true" : "false")}}}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"copy_threads: {Threads}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"writer_threads: {Threads}\n");
        if (BatchWait is not null)
            yaml.Append(CultureInfo.InvariantCulture, $"batch_wait: {BatchWait}\n");
        return yaml.ToString();
    }
}
