using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tandem.Core.Tasks;

/// <summary>
/// Reads a task file (YAML, described key by key in docs/task-file.md) into a validated <see cref="TaskDefinition"/>.
/// The file is read through YamlDotNet's node model rather than deserialized into a class, because every node keeps
/// its position: each error names the file, the line and the key (<see cref="TaskFileException"/>).
/// </summary>
public static partial class TaskFileLoader
{
    /// <summary>The top-level keys, in the order docs/task-file.md lists them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "name", "source", "target", "tables", "routes", "mode", "start", "copy_threads", "writer_threads", "chunk_rows",
        "batch_rows", "batch_wait", "memory_budget", "full_row_match", "existing_tables", "spill_dir",
    ];

    private static readonly string[] StartKeys = ["gtid", "file", "pos"];
    private static readonly string[] RouteKeys = ["from", "to_database", "to_table"];
    private static readonly string[] UriSchemes = ["mysql", "mariadb", "tidb", "postgres", "postgresql"];

    /// <summary>How YamlDotNet words a key given twice in one mapping.</summary>
    private const string DuplicateKey = "Duplicate key";

    private const string Example = "a minimal task file is:\n  name: demo\n  source: mysql://root@127.0.0.1:3307\n  target: mysql://root@127.0.0.1:3308\n  tables: [\"sbtest.*\"]";

    /// <exception cref="TandemException">The file cannot be read, or is not a valid task (then a <see cref="TaskFileException"/>).</exception>
    public static TaskDefinition Load(string path, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TandemException($"task file '{path}' does not exist", "give the path of a YAML task file; docs/task-file.md describes its keys", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TandemException($"cannot read task file '{path}': {ex.Message}", null, ex);
        }

        return Parse(text, path, options) with { FilePath = path };
    }

    /// <summary>Reads a task from YAML text; <paramref name="fileName"/> is what messages call the file.</summary>
    /// <exception cref="TaskFileException">The text is not a valid task; the message names the line and key.</exception>
    public static TaskDefinition Parse(string yaml, string fileName, TaskFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        return new Reader(fileName, options ?? TaskFileOptions.Default).Read(yaml);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex TaskName();

    [GeneratedRegex(@"^\([^)]*\) - \([^)]*\): ")]
    private static partial Regex YamlMarkPrefix();

    /// <summary>One reading of one file: the file name and options every error needs.</summary>
    private sealed class Reader
    {
        private readonly string _file;
        private readonly TaskFileOptions _options;

        public Reader(string file, TaskFileOptions options)
        {
            _file = file;
            _options = options;
        }

        public TaskDefinition Read(string yaml)
        {
            var root = LoadRoot(yaml);
            var keys = ReadMapping(root, null, Keys, "the task's keys (name, source, target, tables, ...)");

            var name = Required(keys, root, "name", "a task name");
            var nameText = Scalar("name", name, "a task name");
            if (!TaskName().IsMatch(nameText))
            {
                throw Error(name, "name", $"expected 1 to 64 letters, digits, '_', '.' or '-', got '{nameText}'",
                    "the name identifies the task on the target (its checkpoints and metrics), so it is kept plain: demo, shop-to-dr, orders_v2");
            }

            var source = ReadUri(keys, root, "source");
            var target = ReadUri(keys, root, "target");
            var (patterns, tables) = ReadTables(Required(keys, root, "tables", "table patterns"));

            var routes = keys.TryGetValue("routes", out var routesNode) ? ReadRoutes(routesNode) : [];
            var mode = keys.TryGetValue("mode", out var modeNode)
                ? Choice("mode", modeNode, [("full+incremental", TaskMode.FullAndIncremental), ("full", TaskMode.Full), ("incremental", TaskMode.Incremental)])
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
                CopyThreads = Integer(keys, "copy_threads", 256, defaults.CopyThreads),
                WriterThreads = Integer(keys, "writer_threads", 256, defaults.WriterThreads),
                ChunkRows = Integer(keys, "chunk_rows", 10_000_000, defaults.ChunkRows),
                BatchRows = Integer(keys, "batch_rows", 1_000_000, defaults.BatchRows),
                BatchWait = keys.TryGetValue("batch_wait", out var wait) ? ReadBatchWait(wait) : defaults.BatchWait,
                MemoryBudgetBytes = keys.TryGetValue("memory_budget", out var memory) ? ReadMemoryBudget(memory) : defaults.MemoryBudgetBytes,
                AllowFullRowMatch = keys.TryGetValue("full_row_match", out var fullRow) ? Boolean("full_row_match", fullRow) : defaults.AllowFullRowMatch,
                ExistingTables = keys.TryGetValue("existing_tables", out var existing)
                    ? Choice("existing_tables", existing, [("fail", ExistingTablePolicy.Fail), ("truncate", ExistingTablePolicy.Truncate), ("append", ExistingTablePolicy.Append)])
                    : defaults.ExistingTables,
                SpillDirectory = keys.TryGetValue("spill_dir", out var spill) ? ReadSpillDirectory(spill) : null,
            };
        }

        private YamlMappingNode LoadRoot(string yaml)
        {
            const string YamlHint = "check the indentation, brackets and quoting around this line; quote values holding ':', '#', '*' or '!' (\"db.*\")";
            var stream = new YamlStream();
            var parser = new Parser(new StringReader(yaml));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                // YamlDotNet prefixes its message with both marks; the line is already in front.
                var problem = YamlMarkPrefix().Replace(ex.Message, string.Empty);
                if (problem.StartsWith(DuplicateKey, StringComparison.Ordinal))
                {
                    var key = problem[DuplicateKey.Length..].Trim();
                    throw new TaskFileException(_file, Line(ex.Start), key, "given twice", "keep one of them; a later value does not override an earlier one", ex);
                }

                throw new TaskFileException(_file, Line(ex.Start), null, $"not valid YAML: {problem}", YamlHint, ex);
            }
            catch (InvalidOperationException ex)
            {
                // YamlDotNet 16's scanner fails this way, without a position, on some files cut short inside
                // brackets; the parser's last event is the nearest place it can name.
                throw new TaskFileException(_file, parser.Current is { } last ? Line(last.Start) : 1, null, "not valid YAML: the file ends inside an unclosed bracket, brace or quote", YamlHint, ex);
            }

            if (stream.Documents.Count == 0)
                throw new TaskFileException(_file, 1, null, "the file is empty", Example);
            if (stream.Documents.Count > 1)
                throw new TaskFileException(_file, Line(stream.Documents[1].RootNode.Start), null, "a task file holds one task, and this is a second YAML document", "keep one task per file");
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
                throw new TaskFileException(_file, Line(stream.Documents[0].RootNode.Start), null, "expected the task's keys (name: ..., source: ...), got " + Describe(stream.Documents[0].RootNode), Example);
            return root;
        }

        /// <summary>The keys of a mapping by name; a key not in <paramref name="known"/> is an error suggesting the closest known one.</summary>
        private Dictionary<string, YamlNode> ReadMapping(YamlNode node, string? path, IReadOnlyList<string> known, string expected)
        {
            if (node is not YamlMappingNode mapping)
                throw Error(node, path, $"expected {expected}, got {Describe(node)}");
            var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                    throw Error(keyNode, path, $"expected a key name, got {Describe(keyNode)}");
                var fullKey = path is null ? key : $"{path}.{key}";
                if (!known.Contains(key))
                {
                    var closest = Suggestions.Closest(key, known);
                    var prefix = path is null ? string.Empty : path + ".";
                    throw new TaskFileException(_file, Line(keyNode.Start), null,
                        closest is null ? $"unknown key '{fullKey}'" : $"unknown key '{fullKey}'; did you mean '{prefix}{closest}'?",
                        $"the keys {(path is null ? "of a task file" : $"of '{path}'")} are {string.Join(", ", known)}; docs/task-file.md describes each");
                }

                // YamlDotNet refuses duplicate keys while loading, so each name is seen once here.
                keys[key] = value;
            }

            return keys;
        }

        private YamlNode Required(Dictionary<string, YamlNode> keys, YamlNode mapping, string key, string what, string? path = null) =>
            keys.TryGetValue(key, out var node)
                ? node
                : throw new TaskFileException(_file, Line(mapping.Start), null, $"required key '{(path is null ? key : $"{path}.{key}")}' is missing",
                    path is null ? $"add {key}: with {what}; {Example}" : $"add {key}: with {what}");

        private string ReadUri(Dictionary<string, YamlNode> keys, YamlNode root, string key)
        {
            var node = Required(keys, root, key, "a URI such as mysql://user:${PASSWORD}@host:3306");
            var uri = Substitute(key, node, Scalar(key, node, "a URI such as mysql://user@host:3306"));
            var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
            var scheme = schemeEnd <= 0 ? null : uri[..schemeEnd].ToLowerInvariant();
            // The URI itself is never echoed: it may hold a password.
            if (scheme is null || !UriSchemes.Contains(scheme) || uri.Length == schemeEnd + 3)
            {
                throw Error(node, key, scheme is null ? "expected a URI such as mysql://user@host:3306, got a value without a scheme://" : $"expected a URI such as mysql://user@host:3306, got the unsupported scheme '{scheme}://'",
                    "write mysql://user:password@host:3306 (or mariadb://, tidb://) or postgres://user:password@host:5432/database; put a password in an environment variable with ${NAME}");
            }

            if (_options.ValidateUri is { } validate)
            {
                try
                {
                    validate(key, uri);
                }
                catch (TandemException ex)
                {
                    throw Error(node, key, ex.Message, ex.Hint, ex);
                }
            }

            return uri;
        }

        private (IReadOnlyList<string> Patterns, TableFilter Filter) ReadTables(YamlNode node)
        {
            IEnumerable<YamlNode> items = node switch
            {
                YamlSequenceNode sequence => sequence.Children,
                YamlScalarNode scalar when !IsNull(scalar) => [scalar],
                _ => throw Error(node, "tables", $"expected a list of table patterns such as [\"shop.*\", \"!shop.tmp_*\"], got {Describe(node)}"),
            };
            var patterns = new List<string>();
            foreach (var item in items)
            {
                var pattern = Scalar("tables", item, "a table pattern such as \"shop.*\"");
                if (pattern.Trim().Length == 0)
                    throw Error(item, "tables", "expected a table pattern such as \"shop.*\", got an empty string");
                try
                {
                    TableFilter.Parse([pattern]);
                }
                catch (TandemException ex)
                {
                    throw Error(item, "tables", ex.Message, ex.Hint, ex);
                }

                patterns.Add(pattern);
            }

            if (patterns.Count == 0)
                throw Error(node, "tables", "expected at least one table pattern, got an empty list", "list the tables to replicate, such as [\"shop.*\"]; a task never means every table by accident");
            return (patterns, TableFilter.Parse(patterns));
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

        private TimeSpan ReadBatchWait(YamlNode node)
        {
            var text = Scalar("batch_wait", node, "a duration such as \"20ms\"");
            if (!DurationText.TryParse(text, out var wait) || wait > TimeSpan.FromMinutes(1))
                throw Error(node, "batch_wait", $"expected a duration from 0ms to 60s such as \"20ms\" or \"0.5s\", got '{text}'", "give a unit: ms, s");
            return wait;
        }

        private long ReadMemoryBudget(YamlNode node)
        {
            var text = Scalar("memory_budget", node, "a size such as \"256MiB\"");
            long bytes;
            try
            {
                bytes = ByteSize.Parse(text, "memory_budget");
            }
            catch (TandemException ex)
            {
                throw Error(node, "memory_budget", $"expected a size such as \"256MiB\", got '{text}'", ex.Hint, ex);
            }

            return bytes >= 1L << 20 ? bytes : throw Error(node, "memory_budget", $"expected at least 1MiB, got '{text}'", "the budget holds transactions in flight; 256MiB is the default");
        }

        private string ReadSpillDirectory(YamlNode node)
        {
            var path = Substitute("spill_dir", node, Scalar("spill_dir", node, "a directory path")).Trim();
            return path.Length > 0 ? path : throw Error(node, "spill_dir", "expected a directory path, got an empty string", "leave spill_dir out to use the system temporary directory");
        }

        private int Integer(Dictionary<string, YamlNode> keys, string key, int max, int fallback) =>
            keys.TryGetValue(key, out var node) ? (int)Number(key, node, "a positive integer", 1, max) : fallback;

        private long Number(string key, YamlNode node, string expected, long min, long max)
        {
            var text = Scalar(key, node, expected);
            // YAML 1.1 allowed 20_000; people write it for row counts.
            var digits = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
                throw Error(node, key, $"expected {expected}, got '{text}'");
            if (value > max)
                throw Error(node, key, $"expected {expected} of at most {max.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "_", StringComparison.Ordinal)}, got '{text}'");
            return value;
        }

        private bool Boolean(string key, YamlNode node)
        {
            var text = Scalar(key, node, "true or false");
            return text.Trim().ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw Error(node, key, $"expected true or false, got '{text}'"),
            };
        }

        private T Choice<T>(string key, YamlNode node, (string Name, T Value)[] choices)
        {
            var names = string.Join(", ", choices.Select(static c => c.Name));
            var text = Scalar(key, node, $"one of {names}");
            foreach (var (choiceName, value) in choices)
            {
                if (string.Equals(choiceName, text.Trim(), StringComparison.OrdinalIgnoreCase))
                    return value;
            }

            var closest = Suggestions.Closest(text.Trim(), choices.Select(static c => c.Name));
            throw Error(node, key, $"expected one of {names}, got '{text}'{(closest is null ? string.Empty : $"; did you mean '{closest}'?")}");
        }

        /// <summary>The text of a single value; a list, a mapping or nothing where one value belongs is an error.</summary>
        private string Scalar(string key, YamlNode node, string expected) =>
            node is YamlScalarNode scalar && !IsNull(scalar)
                ? scalar.Value!
                : throw Error(node, key, $"expected {expected}, got {Describe(node)}");

        private string Substitute(string key, YamlNode node, string text)
        {
            try
            {
                return EnvironmentSubstitution.Apply(text, _options.Environment);
            }
            catch (FormatException ex)
            {
                throw Error(node, key, ex.Message, "set the variable in the environment tandem runs in (export NAME=...), or write the value in the file");
            }
        }

        private TaskFileException Error(YamlNode node, string? key, string problem, string? hint = null, Exception? inner = null) =>
            new(_file, Line(node.Start), key, problem, hint, inner);

        /// <summary>An unquoted empty value, ~ or null: YAML's null, which no key of a task file accepts.</summary>
        private static bool IsNull(YamlScalarNode scalar) =>
            scalar.Value is null || (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

        private static string Describe(YamlNode node) => node switch
        {
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            YamlScalarNode scalar when IsNull(scalar) => "nothing",
            YamlScalarNode scalar => $"'{scalar.Value}'",
            _ => "something else",
        };

        private static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);
    }
}
