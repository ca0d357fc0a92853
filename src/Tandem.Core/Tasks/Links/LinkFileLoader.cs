using System.Text.RegularExpressions;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Tandem.Core.Tasks.Links;

/// <summary>
/// Reads a link file (YAML, described key by key in docs/link-file.md) into a validated <see cref="LinkDefinition"/>:
/// two or more servers and the directions between them. Values a task file also has are read as task files read them
/// (<see cref="YamlFileReader"/>), and each error names the file, the line and the key (<see cref="TaskFileException"/>).
/// </summary>
public static partial class LinkFileLoader
{
    /// <summary>The top-level keys, in the order docs/link-file.md lists them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "name", "channel", "servers", "tables", "directions", "conflicts", "heartbeat_interval", "stall_after",
        "partial_columns", "origin_tagging", "copy_threads", "writer_threads", "chunk_rows", "batch_rows", "batch_wait",
        "memory_budget", "spill_dir",
    ];

    private static readonly string[] DirectionKeys = ["from", "to", "mode", "ddl", "conflicts"];
    private static readonly string[] ConflictKeys = ["policy", "column", "log", "tables"];
    private static readonly string[] DirectionConflictKeys = ["policy", "column", "log"];
    private static readonly string[] TableConflictKeys = ["match", "policy", "column", "log"];

    private static readonly (string Name, ConflictPolicy Value)[] Policies =
    [
        ("source-wins", ConflictPolicy.SourceWins), ("target-wins", ConflictPolicy.TargetWins),
        ("last-writer-wins", ConflictPolicy.LastWriterWins), ("log", ConflictPolicy.Log), ("stop", ConflictPolicy.Stop),
    ];

    private static readonly TimeSpan ShortestHeartbeat = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestHeartbeat = TimeSpan.FromHours(1);

    /// <summary>A direction counts as stalled after at least this many heartbeat intervals without one.</summary>
    private const int StallHeartbeats = 3;

    /// <summary>Task names hold at most this many characters (as a task file's name).</summary>
    private const int TaskNameLength = 64;

    private const string ChannelHint = "the channel identifies the link's loop marks: give each link its own number from 1 to 4294967295, different from every other link sharing a server";

    private static readonly YamlFileKind FileKind = new()
    {
        Noun = "link",
        KeysSample = "name: ..., servers: ...",
        Example = "a minimal link file is:\n  name: ab\n  channel: 1\n  servers:\n    a: mysql://root@127.0.0.1:3307\n    b: mysql://root@127.0.0.1:3308\n  tables: [\"app.*\"]\n  directions:\n    - {from: a, to: b}\n    - {from: b, to: a}",
        Doc = "docs/link-file.md",
        PostgresSupported = false,
    };

    /// <exception cref="TandemException">The file cannot be read, or is not a valid link (then a <see cref="TaskFileException"/>).</exception>
    public static LinkDefinition Load(string path, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(YamlFileReader.ReadText(path, FileKind), path, options) with { FilePath = path };
    }

    /// <summary>Reads a link from YAML text; <paramref name="fileName"/> is what messages call the file.</summary>
    /// <exception cref="TaskFileException">The text is not a valid link; the message names the line and key.</exception>
    public static LinkDefinition Parse(string yaml, string fileName, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return new Reader(fileName, options ?? TaskFileOptions.Default).Read(yaml);
    }

    /// <summary>
    /// True when the YAML's top-level mapping has a <c>directions</c> or <c>servers</c> key, so that <c>tandem run</c>
    /// can tell a link file from a task file. Never throws: YAML that cannot be read is not called a link file (the task
    /// file loader then reports what is wrong with it). Only the first document is looked at, up to the first such key.
    /// </summary>
    public static bool IsLinkFile(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            var parser = new Parser(new StringReader(yaml));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _) || !parser.TryConsume<MappingStart>(out _))
                return false;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (parser.TryConsume<Scalar>(out var key))
                {
                    if (key.Value is "directions" or "servers")
                        return true;
                }
                else
                {
                    parser.SkipThisAndNestedEvents();
                }

                parser.SkipThisAndNestedEvents();
            }

            return false;
        }
        catch (Exception)
        {
            // YamlException mostly, InvalidOperationException on some cut-short files: whatever the parser throws, the
            // task file loader reads the file next and reports it with its line.
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex ServerName();

    /// <summary>A server of the file: its name, where the name is written (for errors about the server) and its URI.</summary>
    private sealed record Server(string Name, YamlNode Node, string Uri);

    /// <summary>One reading of one link file.</summary>
    private sealed class Reader(string file, TaskFileOptions options) : YamlFileReader(file, options, FileKind)
    {
        public LinkDefinition Read(string yaml)
        {
            var root = LoadRoot(yaml);
            var keys = ReadMapping(root, null, Keys, "the link's keys (name, channel, servers, tables, directions, ...)");

            var nameNode = Required(keys, root, "name", "a link name");
            var name = ReadName(nameNode, "a link name",
                "the name identifies the link, and each direction runs as the task <name>.<from>-<to> (its checkpoints and metrics), so it is kept plain: ab, shop, eu_us");
            var channelNode = Required(keys, root, "channel", "the link's channel, a number from 1 to 4294967295 no other link sharing its servers has");
            var channel = Number("channel", channelNode, "a positive integer", 1, uint.MaxValue, ChannelHint);
            var servers = ReadServers(Required(keys, root, "servers", "the servers by name, such as {a: mysql://..., b: mysql://...}"));
            var (patterns, tables) = ReadTables(Required(keys, root, "tables", "table patterns"));

            var conflicts = new ConflictSettings();
            IReadOnlyList<TableConflictSettings> tableConflicts = [];
            if (keys.TryGetValue("conflicts", out var conflictsNode))
            {
                var conflictKeys = ReadMapping(conflictsNode, "conflicts", ConflictKeys, "the conflict settings {policy: ..., column: ..., log: ..., tables: [...]}");
                conflicts = ReadConflicts(conflictKeys, "conflicts", conflicts);
                if (conflictKeys.TryGetValue("tables", out var tablesNode))
                    tableConflicts = ReadTableConflicts(tablesNode, conflicts);
            }

            var directions = ReadDirections(Required(keys, root, "directions", "the directions between the servers, such as [{from: a, to: b}, {from: b, to: a}]"), name, servers, conflicts);
            CheckTaskNames(nameNode, directions);
            CheckEveryServerLinked(servers, directions);

            var (heartbeat, stallAfter) = ReadHeartbeat(keys);
            var taskOptions = ReadTaskOptions(keys);
            return new LinkDefinition
            {
                Name = name,
                Channel = channel,
                Servers = [.. servers.Select(static s => KeyValuePair.Create(s.Name, s.Uri))],
                TablePatterns = patterns,
                Tables = tables,
                Directions = directions,
                Conflicts = conflicts,
                TableConflicts = tableConflicts,
                HeartbeatInterval = heartbeat,
                StallAfter = stallAfter,
                PartialColumns = keys.TryGetValue("partial_columns", out var partial) && Boolean("partial_columns", partial),
                OriginTagging = keys.TryGetValue("origin_tagging", out var tagging)
                    ? Choice("origin_tagging", tagging, [("auto", OriginTagging.Auto), ("mark", OriginTagging.MarkOnly)])
                    : OriginTagging.Auto,
                CopyThreads = taskOptions.CopyThreads,
                WriterThreads = taskOptions.WriterThreads,
                ChunkRows = taskOptions.ChunkRows,
                BatchRows = taskOptions.BatchRows,
                BatchWait = taskOptions.BatchWait,
                MemoryBudgetBytes = taskOptions.MemoryBudgetBytes,
                SpillDirectory = keys.TryGetValue("spill_dir", out var spill) ? ReadSpillDirectory(spill) : null,
            };
        }

        private List<Server> ReadServers(YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
                throw Error(node, "servers", $"expected the servers by name, such as {{a: mysql://..., b: mysql://...}}, got {Describe(node)}");
            var servers = new List<Server>();
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
                    throw Error(keyNode, "servers", $"expected a server name, got {Describe(keyNode)}");
                if (!ServerName().IsMatch(name))
                {
                    throw Error(keyNode, "servers", $"expected a server name of 1 to 32 letters, digits or '_', got '{name}'",
                        "each direction runs as the task <link>.<from>-<to>, so server names hold no '-' or '.': a, dc1, eu_west");
                }

                if (servers.Find(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) is { } sameName)
                {
                    // YamlDotNet has refused exact duplicates already; these differ in case only.
                    throw Error(keyNode, $"servers.{name}", $"differs from server '{sameName.Name}' only in case",
                        "name servers apart by more than case: the task names made of them may compare case-insensitively on a server");
                }

                var key = $"servers.{name}";
                var uri = ReadUri(key, value);
                if (servers.Find(s => string.Equals(s.Uri, uri, StringComparison.Ordinal)) is { } sameUri)
                    throw Error(value, key, $"has the same URI as server '{sameUri.Name}'", "a link joins different servers; give each server its own URI");
                servers.Add(new Server(name, keyNode, uri));
            }

            return servers.Count >= 2
                ? servers
                : throw Error(node, "servers", $"expected at least 2 servers, got {servers.Count}", "a link joins two or more servers, such as {a: mysql://..., b: mysql://...}; to copy one way, write a task file");
        }

        private List<LinkDirection> ReadDirections(YamlNode node, string linkName, List<Server> servers, ConflictSettings linkConflicts)
        {
            if (node is not YamlSequenceNode sequence)
                throw Error(node, "directions", $"expected a list of directions such as [{{from: a, to: b}}, {{from: b, to: a}}], got {Describe(node)}");
            if (sequence.Children.Count == 0)
                throw Error(node, "directions", "expected at least one direction, got an empty list", "list the directions changes flow in, such as [{from: a, to: b}, {from: b, to: a}]");

            var directions = new List<LinkDirection>();
            // Where each direction was given, for errors naming an earlier one.
            var indexes = new Dictionary<(string From, string To), int>();
            var fullCopies = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var path = $"directions[{i}]";
                var item = sequence.Children[i];
                var keys = ReadMapping(item, path, DirectionKeys, "a direction {from: a, to: b, mode: incremental, ddl: false}");
                var fromNode = Required(keys, item, "from", "the name of the server it reads", path);
                var from = ReadServerName($"{path}.from", fromNode, servers);
                var toNode = Required(keys, item, "to", "the name of the server it writes", path);
                var to = ReadServerName($"{path}.to", toNode, servers);
                if (from == to)
                    throw Error(toNode, $"{path}.to", $"the direction goes from '{from}' to itself", "a direction applies one server's changes to another: name two different servers");
                if (indexes.TryGetValue((from, to), out var same))
                    throw Error(item, path, $"the direction from '{from}' to '{to}' is given twice (also directions[{same}])", "keep one of them");

                var mode = keys.TryGetValue("mode", out var modeNode) ? Choice($"{path}.mode", modeNode, TaskFileLoader.Modes) : TaskMode.Incremental;
                var ddl = keys.TryGetValue("ddl", out var ddlNode) && Boolean($"{path}.ddl", ddlNode);
                if (ddl && indexes.TryGetValue((to, from), out var reverse) && directions[reverse].Ddl)
                {
                    throw Error(ddlNode!, $"{path}.ddl", $"DDL already flows from '{to}' to '{from}' (directions[{reverse}]); DDL must flow one way between two servers",
                        $"keep ddl: true on one of the two directions, and make schema changes on the server it reads");
                }

                if (mode != TaskMode.Incremental)
                {
                    if (fullCopies.TryGetValue(to, out var copy))
                    {
                        throw Error(modeNode!, $"{path}.mode", $"server '{to}' already gets a full copy from '{directions[copy].From}' (directions[{copy}]); at most one direction into a server may copy",
                            "write mode: incremental here: one copy fills a server, and the other directions into it follow changes from then on");
                    }

                    fullCopies[to] = i;
                }

                ConflictSettings? conflicts = null;
                if (keys.TryGetValue("conflicts", out var conflictsNode))
                {
                    var conflictsPath = $"{path}.conflicts";
                    if (conflictsNode is YamlMappingNode mapping && mapping.Children.Keys.FirstOrDefault(static k => k is YamlScalarNode { Value: "tables" }) is { } tablesKey)
                    {
                        throw Error(tablesKey, $"{conflictsPath}.tables", "per-table conflict settings belong to the link, not to a direction",
                            "move the entries to the top-level conflicts: tables: [...]; they apply to the tables they match in every direction");
                    }

                    var conflictKeys = ReadMapping(conflictsNode, conflictsPath, DirectionConflictKeys, "the direction's conflict settings {policy: ..., column: ..., log: ...}");
                    conflicts = ReadConflicts(conflictKeys, conflictsPath, linkConflicts);
                }

                indexes[(from, to)] = i;
                directions.Add(new LinkDirection
                {
                    From = from,
                    To = to,
                    Mode = mode,
                    Ddl = ddl,
                    Conflicts = conflicts,
                    TaskName = $"{linkName}.{from}-{to}",
                });
            }

            return directions;
        }

        private string ReadServerName(string key, YamlNode node, List<Server> servers)
        {
            var text = Scalar(key, node, "a server name").Trim();
            if (servers.Exists(s => s.Name == text))
                return text;
            var names = servers.Select(static s => s.Name).ToList();
            var closest = Suggestions.Closest(text, names);
            throw Error(node, key, $"'{text}' is not one of the servers ({string.Join(", ", names)}){(closest is null ? string.Empty : $"; did you mean '{closest}'?")}",
                "from and to name servers listed under servers");
        }

        /// <summary>Each direction's task name must be a valid task name, so the link's name leaves room for the server names.</summary>
        private void CheckTaskNames(YamlNode nameNode, List<LinkDirection> directions)
        {
            var longest = directions.MaxBy(static d => d.TaskName.Length)!;
            if (longest.TaskName.Length > TaskNameLength)
            {
                throw Error(nameNode, "name", $"the direction from '{longest.From}' to '{longest.To}' runs as the task '{longest.TaskName}', {longest.TaskName.Length} characters; task names hold at most {TaskNameLength}",
                    "each direction runs as the task <name>.<from>-<to>: shorten the link's name or the servers' names");
            }
        }

        private void CheckEveryServerLinked(List<Server> servers, List<LinkDirection> directions)
        {
            foreach (var server in servers)
            {
                if (!directions.Exists(d => d.From == server.Name || d.To == server.Name))
                    throw Error(server.Node, $"servers.{server.Name}", $"server '{server.Name}' is in no direction", $"add a direction from or to {server.Name}, or remove it from servers");
            }
        }

        /// <summary>A conflicts section's settings; the keys it leaves out are <paramref name="inherited"/>'s (the link's).</summary>
        private ConflictSettings ReadConflicts(Dictionary<string, YamlNode> keys, string path, ConflictSettings inherited)
        {
            var policy = inherited.Policy;
            var logged = false;
            if (keys.TryGetValue("policy", out var policyNode))
                (policy, logged) = ReadPolicy($"{path}.policy", policyNode);

            var column = keys.TryGetValue("column", out var columnNode) ? ReadColumn($"{path}.column", columnNode) : inherited.Column;
            bool log;
            if (keys.TryGetValue("log", out var logNode))
            {
                log = Boolean($"{path}.log", logNode);
                if (!log && (logged || policy == ConflictPolicy.Log))
                {
                    throw Error(logNode, $"{path}.log", $"log: false contradicts the policy log{(policyNode is null ? " (the link's)" : string.Empty)}, which records every conflict",
                        "remove log: false, or choose a policy other than log");
                }
            }
            else
            {
                // The policy log records conflicts whatever the link's log says.
                log = logged || policy == ConflictPolicy.Log || inherited.Log;
            }

            if (policy == ConflictPolicy.LastWriterWins && column is null)
            {
                // The link's own section was checked first, so this section named the policy.
                throw Error(policyNode!, $"{path}.policy", "last-writer-wins needs column, the timestamp column it compares",
                    "add column: with the name of a column every replicated table has and every write sets, such as column: updated_at");
            }

            return new ConflictSettings { Policy = policy, Log = log, Column = column };
        }

        /// <summary>One policy, or a list of one policy and log: (the policy, whether log was listed).</summary>
        private (ConflictPolicy Policy, bool Logged) ReadPolicy(string key, YamlNode node)
        {
            const string Hint = "a conflict is settled one way; log may be listed with it to record conflicts too, as in [last-writer-wins, log]";
            if (node is not YamlSequenceNode sequence)
            {
                if (node is YamlMappingNode)
                    throw Error(node, key, $"expected one of {string.Join(", ", Policies.Select(static p => p.Name))}, or a list such as [last-writer-wins, log], got a mapping");
                var policy = Choice(key, node, Policies);
                return (policy, policy == ConflictPolicy.Log);
            }

            var policies = sequence.Children.Select(item => Choice(key, item, Policies)).ToList();
            var logs = policies.Count(static p => p == ConflictPolicy.Log);
            return policies.Count switch
            {
                1 => (policies[0], logs == 1),
                2 when logs == 1 => (policies.Single(static p => p != ConflictPolicy.Log), true),
                0 => throw Error(node, key, "expected a policy, got an empty list", Hint),
                _ => throw Error(node, key, $"expected one policy, or one and log, got [{string.Join(", ", sequence.Children.Select(static item => ((YamlScalarNode)item).Value!.Trim()))}]", Hint),
            };
        }

        private string ReadColumn(string key, YamlNode node)
        {
            var text = Scalar(key, node, "a column name such as updated_at");
            var column = text.Trim();
            return column.Length is > 0 and <= 64 && !column.Contains('`', StringComparison.Ordinal)
                ? column
                : throw Error(node, key, $"expected a column name of 1 to 64 characters without backquotes, got '{text}'", "name the column alone, as it is in the tables: column: updated_at");
        }

        private List<TableConflictSettings> ReadTableConflicts(YamlNode node, ConflictSettings linkConflicts)
        {
            if (node is not YamlSequenceNode sequence)
                throw Error(node, "conflicts.tables", $"expected a list such as [{{match: \"app.audit_*\", policy: source-wins}}], got {Describe(node)}");
            var entries = new List<TableConflictSettings>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var path = $"conflicts.tables[{i}]";
                var item = sequence.Children[i];
                var keys = ReadMapping(item, path, TableConflictKeys, "a table's conflict settings {match: \"db.table\", policy: ..., column: ..., log: ...}");
                var matchNode = Required(keys, item, "match", "the tables' pattern, such as \"app.orders\"", path);
                var pattern = Scalar($"{path}.match", matchNode, "a table pattern such as \"app.orders\"").Trim();
                if (pattern.Length == 0 || pattern.StartsWith('!') || pattern.Contains(',', StringComparison.Ordinal))
                {
                    throw Error(matchNode, $"{path}.match", $"expected one inclusion pattern such as \"app.orders\" or \"app.audit_*\", got '{pattern}'",
                        "an entry names its tables with one pattern; write one entry per pattern, the first matching entry applying");
                }

                TableFilter filter;
                try
                {
                    filter = TableFilter.Parse([pattern]);
                }
                catch (TandemException ex)
                {
                    throw Error(matchNode, $"{path}.match", ex.Message, ex.Hint, ex);
                }

                entries.Add(new TableConflictSettings(pattern, filter, ReadConflicts(keys, path, linkConflicts)));
            }

            return entries;
        }

        private (TimeSpan Heartbeat, TimeSpan StallAfter) ReadHeartbeat(Dictionary<string, YamlNode> keys)
        {
            var defaults = new LinkDefinition { Name = string.Empty, Channel = 1, Servers = [], TablePatterns = [], Tables = TableFilter.All, Directions = [] };
            var heartbeat = defaults.HeartbeatInterval;
            string? heartbeatText = null;
            if (keys.TryGetValue("heartbeat_interval", out var heartbeatNode))
            {
                heartbeatText = Scalar("heartbeat_interval", heartbeatNode, "a duration such as \"1s\"");
                if (!DurationText.TryParse(heartbeatText, out heartbeat) || heartbeat < ShortestHeartbeat || heartbeat > LongestHeartbeat)
                    throw Error(heartbeatNode, "heartbeat_interval", $"expected a duration from 100ms to 1h such as \"1s\" or \"500ms\", got '{heartbeatText}'", "give a unit: ms, s, m, h");
            }

            var shortestStall = heartbeat * StallHeartbeats;
            if (!keys.TryGetValue("stall_after", out var stallNode))
            {
                return defaults.StallAfter >= shortestStall
                    ? (heartbeat, defaults.StallAfter)
                    : throw Error(heartbeatNode!, "heartbeat_interval", $"expected at most {DurationText.Format(defaults.StallAfter / StallHeartbeats)} while stall_after is its default {DurationText.Format(defaults.StallAfter)}, got '{heartbeatText}'",
                        $"set stall_after too, to at least {StallHeartbeats} heartbeat intervals ({DurationText.Format(shortestStall)})");
            }

            var stallText = Scalar("stall_after", stallNode, "a duration such as \"30s\"");
            if (!DurationText.TryParse(stallText, out var stallAfter))
                throw Error(stallNode, "stall_after", $"expected a duration such as \"30s\" or \"2m\", got '{stallText}'", "give a unit: ms, s, m, h");
            if (stallAfter < shortestStall)
            {
                throw Error(stallNode, "stall_after", $"expected at least {StallHeartbeats} heartbeat intervals ({DurationText.Format(shortestStall)} with heartbeat_interval {DurationText.Format(heartbeat)}), got '{stallText}'",
                    "a direction counts as stalled when no heartbeat has arrived for stall_after; with fewer than 3 intervals, one late heartbeat would be enough");
            }

            return (heartbeat, stallAfter);
        }
    }
}
