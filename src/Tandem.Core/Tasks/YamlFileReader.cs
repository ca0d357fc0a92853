using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tandem.Core.Tasks;

/// <summary>
/// One reading of one YAML file of Tandem's (a task file, a link file): the file name and options every error needs,
/// and the readers of the values those files share (names, URIs, table patterns, numbers, durations, sizes). Each
/// loader derives its own reader for its own keys. Every node keeps its position, so each error names the file, the
/// line and the key (<see cref="TaskFileException"/>).
/// </summary>
internal abstract partial class YamlFileReader
{
    private static readonly string[] UriSchemes = ["mysql", "mariadb", "tidb", "postgres", "postgresql"];
    private static readonly string[] PostgresSchemes = ["postgres", "postgresql"];

    /// <summary>How YamlDotNet words a key given twice in one mapping.</summary>
    private const string DuplicateKey = "Duplicate key";

    private readonly string _file;

    protected YamlFileReader(string file, TaskFileOptions options, YamlFileKind kind)
    {
        _file = file;
        Options = options;
        Kind = kind;
    }

    protected TaskFileOptions Options { get; }

    protected YamlFileKind Kind { get; }

    /// <summary>The text of the file at <paramref name="path"/>; a missing or unreadable file is a <see cref="TandemException"/> saying which.</summary>
    public static string ReadText(string path, YamlFileKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TandemException($"{kind.Noun} file '{path}' does not exist", $"give the path of a YAML {kind.Noun} file; {kind.Doc} describes its keys", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TandemException($"cannot read {kind.Noun} file '{path}': {ex.Message}", null, ex);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    protected static partial Regex TaskName();

    [GeneratedRegex(@"^\([^)]*\) - \([^)]*\): ")]
    private static partial Regex YamlMarkPrefix();

    protected YamlMappingNode LoadRoot(string yaml)
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

        var noun = Kind.Noun;
        if (stream.Documents.Count == 0)
            throw new TaskFileException(_file, 1, null, "the file is empty", Kind.Example);
        if (stream.Documents.Count > 1)
            throw new TaskFileException(_file, Line(stream.Documents[1].RootNode.Start), null, $"a {noun} file holds one {noun}, and this is a second YAML document", $"keep one {noun} per file");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TaskFileException(_file, Line(stream.Documents[0].RootNode.Start), null, $"expected the {noun}'s keys ({Kind.KeysSample}), got " + Describe(stream.Documents[0].RootNode), Kind.Example);
        return root;
    }

    /// <summary>The keys of a mapping by name; a key not in <paramref name="known"/> is an error suggesting the closest known one.</summary>
    protected Dictionary<string, YamlNode> ReadMapping(YamlNode node, string? path, IReadOnlyList<string> known, string expected)
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
                    $"the keys {(path is null ? $"of a {Kind.Noun} file" : $"of '{path}'")} are {string.Join(", ", known)}; {Kind.Doc} describes each");
            }

            // YamlDotNet refuses duplicate keys while loading, so each name is seen once here.
            keys[key] = value;
        }

        return keys;
    }

    protected YamlNode Required(Dictionary<string, YamlNode> keys, YamlNode mapping, string key, string what, string? path = null) =>
        keys.TryGetValue(key, out var node)
            ? node
            : throw new TaskFileException(_file, Line(mapping.Start), null, $"required key '{(path is null ? key : $"{path}.{key}")}' is missing",
                path is null ? $"add {key}: with {what}; {Kind.Example}" : $"add {key}: with {what}");

    /// <summary>The name of a task (or of a link, which names its tasks): 1 to 64 plain characters.</summary>
    protected string ReadName(YamlNode node, string what, string hint)
    {
        var text = Scalar("name", node, what);
        return TaskName().IsMatch(text)
            ? text
            : throw Error(node, "name", $"expected 1 to 64 letters, digits, '_', '.' or '-', got '{text}'", hint);
    }

    protected string ReadUri(Dictionary<string, YamlNode> keys, YamlNode root, string key) =>
        ReadUri(key, Required(keys, root, key, "a URI such as mysql://user:${PASSWORD}@host:3306"));

    /// <summary>A connection URI, <c>${NAME}</c> substituted, of a scheme this kind of file accepts, checked by <see cref="TaskFileOptions.ValidateUri"/>.</summary>
    protected string ReadUri(string key, YamlNode node)
    {
        var uri = Substitute(key, node, Scalar(key, node, "a URI such as mysql://user@host:3306"));
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd <= 0 ? null : uri[..schemeEnd].ToLowerInvariant();
        // The URI itself is never echoed: it may hold a password.
        if (scheme is null || !UriSchemes.Contains(scheme) || uri.Length == schemeEnd + 3)
        {
            throw Error(node, key, scheme is null ? "expected a URI such as mysql://user@host:3306, got a value without a scheme://" : $"expected a URI such as mysql://user@host:3306, got the unsupported scheme '{scheme}://'",
                Kind.PostgresSupported
                    ? "write mysql://user:password@host:3306 (or mariadb://, tidb://) or postgres://user:password@host:5432/database; put a password in an environment variable with ${NAME}"
                    : "write mysql://user:password@host:3306 (or mariadb://, tidb://); put a password in an environment variable with ${NAME}");
        }

        if (!Kind.PostgresSupported && PostgresSchemes.Contains(scheme))
        {
            throw Error(node, key, $"PostgreSQL {Kind.Noun}s are not supported yet",
                $"a {Kind.Noun} joins MySQL-family servers for now: write mysql://, mariadb:// or tidb:// URIs");
        }

        if (Options.ValidateUri is { } validate)
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

    protected (IReadOnlyList<string> Patterns, TableFilter Filter) ReadTables(YamlNode node)
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
            throw Error(node, "tables", "expected at least one table pattern, got an empty list", $"list the tables to replicate, such as [\"shop.*\"]; a {Kind.Noun} never means every table by accident");
        return (patterns, TableFilter.Parse(patterns));
    }

    protected TimeSpan ReadBatchWait(YamlNode node)
    {
        var text = Scalar("batch_wait", node, "a duration such as \"20ms\"");
        if (!DurationText.TryParse(text, out var wait) || wait > TimeSpan.FromMinutes(1))
            throw Error(node, "batch_wait", $"expected a duration from 0ms to 60s such as \"20ms\" or \"0.5s\", got '{text}'", "give a unit: ms, s");
        return wait;
    }

    protected long ReadMemoryBudget(YamlNode node)
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

    protected string ReadSpillDirectory(YamlNode node)
    {
        var path = Substitute("spill_dir", node, Scalar("spill_dir", node, "a directory path")).Trim();
        return path.Length > 0 ? path : throw Error(node, "spill_dir", "expected a directory path, got an empty string", "leave spill_dir out to use the system temporary directory");
    }

    /// <summary>The copy and apply options task and link files share, each its <see cref="TaskDefinition"/> default when not given.</summary>
    protected TaskOptions ReadTaskOptions(Dictionary<string, YamlNode> keys)
    {
        var defaults = new TaskDefinition { Name = string.Empty, Source = string.Empty, Target = string.Empty, TablePatterns = [], Tables = TableFilter.All };
        return new TaskOptions(
            Integer(keys, "copy_threads", 256, defaults.CopyThreads),
            Integer(keys, "writer_threads", 64, defaults.WriterThreads),
            Integer(keys, "chunk_rows", 10_000_000, defaults.ChunkRows),
            Integer(keys, "batch_rows", 1_000_000, defaults.BatchRows),
            keys.TryGetValue("batch_wait", out var wait) ? ReadBatchWait(wait) : defaults.BatchWait,
            keys.TryGetValue("memory_budget", out var memory) ? ReadMemoryBudget(memory) : defaults.MemoryBudgetBytes);
    }

    protected int Integer(Dictionary<string, YamlNode> keys, string key, int max, int fallback) =>
        keys.TryGetValue(key, out var node) ? (int)Number(key, node, "a positive integer", 1, max) : fallback;

    protected long Number(string key, YamlNode node, string expected, long min, long max, string? hint = null)
    {
        var text = Scalar(key, node, expected);
        // YAML 1.1 allowed 20_000; people write it for row counts.
        var digits = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw Error(node, key, $"expected {expected}, got '{text}'", hint);
        if (value > max)
            throw Error(node, key, $"expected {expected} of at most {max.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "_", StringComparison.Ordinal)}, got '{text}'", hint);
        return value;
    }

    protected bool Boolean(string key, YamlNode node)
    {
        var text = Scalar(key, node, "true or false");
        return text.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error(node, key, $"expected true or false, got '{text}'"),
        };
    }

    protected T Choice<T>(string key, YamlNode node, (string Name, T Value)[] choices)
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
    protected string Scalar(string key, YamlNode node, string expected) =>
        node is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar.Value!
            : throw Error(node, key, $"expected {expected}, got {Describe(node)}");

    protected string Substitute(string key, YamlNode node, string text)
    {
        try
        {
            return EnvironmentSubstitution.Apply(text, Options.Environment);
        }
        catch (FormatException ex)
        {
            throw Error(node, key, ex.Message, "set the variable in the environment tandem runs in (export NAME=...), or write the value in the file");
        }
    }

    protected TaskFileException Error(YamlNode node, string? key, string problem, string? hint = null, Exception? inner = null) =>
        new(_file, Line(node.Start), key, problem, hint, inner);

    /// <summary>An unquoted empty value, ~ or null: YAML's null, which no key of Tandem's files accepts.</summary>
    protected static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

    protected static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };

    protected static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    /// <summary>The values of copy_threads, writer_threads, chunk_rows, batch_rows, batch_wait and memory_budget.</summary>
    protected readonly record struct TaskOptions(int CopyThreads, int WriterThreads, int ChunkRows, int BatchRows, TimeSpan BatchWait, long MemoryBudgetBytes);
}
