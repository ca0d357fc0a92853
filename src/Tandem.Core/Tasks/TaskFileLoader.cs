using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using YamlDotNet.RepresentationModel;

namespace Tandem.Core.Tasks;

/// <summary>
/// Reads a task file (YAML, described key by key in docs/task-file.md) into a validated <see cref="TaskDefinition"/>.
/// The file is read through YamlDotNet's node model rather than deserialized into a class, because every node keeps
/// its position: each error names the file, the line and the key (<see cref="TaskFileException"/>).
/// </summary>
public static class TaskFileLoader
{
    /// <summary>The top-level keys, in the order docs/task-file.md lists them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "name", "source", "target", "tables", "routes", "mode", "start", "copy_threads", "writer_threads", "chunk_rows",
        "batch_rows", "batch_wait", "memory_budget", "full_row_match", "existing_tables", "spill_dir",
        "stall_after", "statement_events",
    ];

    /// <summary>The modes as files write them, shared with link files' directions.</summary>
    internal static readonly (string Name, TaskMode Value)[] Modes = [("full+incremental", TaskMode.FullAndIncremental), ("full", TaskMode.Full), ("incremental", TaskMode.Incremental)];

    private static readonly string[] StartKeys = ["gtid", "file", "pos"];
    private static readonly string[] RouteKeys = ["from", "to_database", "to_table"];

    private static readonly YamlFileKind FileKind = new()
    {
        Noun = "task",
        KeysSample = "name: ..., source: ...",
        Example = "a minimal task file is:\n  name: demo\n  source: mysql://root@127.0.0.1:3307\n  target: mysql://root@127.0.0.1:3308\n  tables: [\"sbtest.*\"]",
        Doc = "docs/task-file.md",
    };

    /// <exception cref="TandemException">The file cannot be read, or is not a valid task (then a <see cref="TaskFileException"/>).</exception>
    public static TaskDefinition Load(string path, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(YamlFileReader.ReadText(path, FileKind), path, options) with { FilePath = path };
    }

    /// <summary>Reads a task from YAML text; <paramref name="fileName"/> is what messages call the file.</summary>
    /// <exception cref="TaskFileException">The text is not a valid task; the message names the line and key.</exception>
    public static TaskDefinition Parse(string yaml, string fileName, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return new Reader(fileName, options ?? TaskFileOptions.Default).Read(yaml);
    }

    /// <summary>One reading of one task file; the values task and link files share are read by <see cref="YamlFileReader"/>.</summary>
    private sealed class Reader(string file, TaskFileOptions options) : YamlFileReader(file, options, FileKind)
    {
        public TaskDefinition Read(string yaml)
        {
            var root = LoadRoot(yaml);
            var keys = ReadMapping(root, null, Keys, "the task's keys (name, source, target, tables, ...)");

            var name = Required(keys, root, "name", "a task name");
            var nameText = ReadName(name, "a task name",
                "the name identifies the task on the target (its checkpoints and metrics), so it is kept plain: demo, shop-to-dr, orders_v2");

            var source = ReadUri(keys, root, "source");
            var target = ReadUri(keys, root, "target");
            var (patterns, tables) = ReadTables(Required(keys, root, "tables", "table patterns"));

            var routes = keys.TryGetValue("routes", out var routesNode) ? ReadRoutes(routesNode) : [];
            var mode = keys.TryGetValue("mode", out var modeNode)
                ? Choice("mode", modeNode, Modes)
                : TaskMode.FullAndIncremental;

            TaskStart? start = null;
            if (keys.TryGetValue("start", out var startNode))
            {
                start = ReadStart(startNode);
                if (mode != TaskMode.Incremental)
                {
                    throw Error(startNode, "start", $"only valid with mode: incremental, and mode is {(modeNode is null ? "full+incremental (the default)" : Scalar("mode", modeNode, "a mode"))}",
                        "a full copy starts streaming from its own snapshot's position; to follow the source from a known position without copying, set mode: incremental");
                }
            }

            var taskOptions = ReadTaskOptions(keys);
            var defaults = new TaskDefinition { Name = string.Empty, Source = string.Empty, Target = string.Empty, TablePatterns = [], Tables = TableFilter.All };
            return new TaskDefinition
            {
                Name = nameText,
                Source = source,
                Target = target,
                TablePatterns = patterns,
                Tables = tables,
                Routes = routes,
                Mode = mode,
                Start = start,
                CopyThreads = taskOptions.CopyThreads,
                WriterThreads = taskOptions.WriterThreads,
                ChunkRows = taskOptions.ChunkRows,
                BatchRows = taskOptions.BatchRows,
                BatchWait = taskOptions.BatchWait,
                MemoryBudgetBytes = taskOptions.MemoryBudgetBytes,
                AllowFullRowMatch = keys.TryGetValue("full_row_match", out var fullRow) ? Boolean("full_row_match", fullRow) : defaults.AllowFullRowMatch,
                ExistingTables = keys.TryGetValue("existing_tables", out var existing)
                    ? Choice("existing_tables", existing, [("fail", ExistingTablePolicy.Fail), ("truncate", ExistingTablePolicy.Truncate), ("append", ExistingTablePolicy.Append)])
                    : defaults.ExistingTables,
                SpillDirectory = keys.TryGetValue("spill_dir", out var spill) ? ReadSpillDirectory(spill) : null,
                StallAfter = keys.TryGetValue("stall_after", out var stall) ? ReadStallAfter(stall) : defaults.StallAfter,
                StatementEvents = keys.TryGetValue("statement_events", out var statements)
                    ? Choice("statement_events", statements, [("stop", StatementEventPolicy.Stop), ("skip", StatementEventPolicy.Skip)])
                    : defaults.StatementEvents,
            };
        }

        private TimeSpan ReadStallAfter(YamlNode node)
        {
            var text = Scalar("stall_after", node, "a duration such as \"30s\"");
            if (!DurationText.TryParse(text, out var stallAfter) || stallAfter < TimeSpan.FromSeconds(1))
                throw Error(node, "stall_after", $"expected a duration of at least 1s such as \"30s\" or \"2m\", got '{text}'", "give a unit: ms, s, m, h");
            return stallAfter;
        }

        private List<TableRoute> ReadRoutes(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
                throw Error(node, "routes", $"expected a list of routes such as [{{from: \"shop.*\", to_database: shop_dr}}], got {Describe(node)}");
            var routes = new List<TableRoute>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var path = $"routes[{i}]";
                var item = sequence.Children[i];
                var keys = ReadMapping(item, path, RouteKeys, "a route {from: \"db.*\", to_database: name, to_table: name}");
                var from = Required(keys, item, "from", "the source tables' pattern, such as \"shop.*\"", path);
                var pattern = Scalar($"{path}.from", from, "a table pattern such as \"shop.*\"").Trim();
                var toDatabase = keys.TryGetValue("to_database", out var database) ? Scalar($"{path}.to_database", database, "a database name").Trim() : null;
                var toTable = keys.TryGetValue("to_table", out var table) ? Scalar($"{path}.to_table", table, "a table name, '*' standing for the source table's").Trim() : null;
                if (toDatabase is null && toTable is null)
                    throw Error(item, path, $"route '{pattern}' renames nothing", "give the route to_database, to_table or both");

                // Each part is checked alone (the pattern first, with a placeholder target), so the error names that part and its line.
                ValidateRoutePart(from, $"{path}.from", new TableRoute(pattern, "db", null));
                if (toDatabase is not null)
                    ValidateRoutePart(database!, $"{path}.to_database", new TableRoute(pattern, toDatabase, null));
                if (toTable is not null)
                    ValidateRoutePart(table!, $"{path}.to_table", new TableRoute(pattern, null, toTable));
                routes.Add(new TableRoute(pattern, toDatabase, toTable));
            }

            return routes;
        }

        private void ValidateRoutePart(YamlNode node, string key, TableRoute route)
        {
            try
            {
                TableRouter.Validate(route);
            }
            catch (TandemException ex)
            {
                throw Error(node, key, ex.Message, ex.Hint, ex);
            }
        }

        private TaskStart ReadStart(YamlNode node)
        {
            var keys = ReadMapping(node, "start", StartKeys, "{gtid: \"...\"} or {file: ..., pos: ...}");
            var hasGtid = keys.TryGetValue("gtid", out var gtid);
            var hasFile = keys.TryGetValue("file", out var file);
            var hasPos = keys.TryGetValue("pos", out var pos);
            if (hasGtid && (hasFile || hasPos))
                throw Error(node, "start", "give either gtid, or file with pos, not both", "a GTID start is {gtid: \"0-1-42\"}; a file start is {file: mariadb-bin.000003, pos: 1234}");
            if (hasGtid)
            {
                var text = Scalar("start.gtid", gtid!, "a GTID set such as \"0-1-42\" or \"uuid:1-42\"").Trim();
                return text.Length > 0 ? new TaskStart { Gtid = text } : throw Error(gtid!, "start.gtid", "expected a GTID set such as \"0-1-42\" or \"uuid:1-42\", got an empty string");
            }

            if (!hasFile)
            {
                throw Error(hasPos ? pos! : node, hasPos ? "start.pos" : "start", hasPos ? "needs start.file, the binlog file the offset is in" : "expected {gtid: \"...\"} or {file: ..., pos: ...}, got neither",
                    "a GTID start is {gtid: \"0-1-42\"}; a file start is {file: mariadb-bin.000003, pos: 1234}");
            }

            var fileName = Scalar("start.file", file!, "a binlog file name such as mariadb-bin.000003").Trim();
            if (fileName.Length == 0)
                throw Error(file!, "start.file", "expected a binlog file name such as mariadb-bin.000003, got an empty string");
            // Offset 4 is the first event of a binlog file, after its magic number, where tail starts too.
            var offset = hasPos ? Number("start.pos", pos!, "a binlog offset of at least 4", 4, long.MaxValue) : 4;
            return new TaskStart { File = fileName, Position = offset };
        }
    }
}
