using Tandem.Core.Errors;
using Tandem.Core.Tasks;

namespace Tandem.MySql.Tests.Core;

public sealed class TaskFileLoaderTests
{
    private const string Minimal = """
        name: demo
        source: mysql://root@127.0.0.1:3307
        target: mysql://root@127.0.0.1:3308
        tables: ["sbtest.*"]
        mode: full+incremental
        """;

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["SRC_PASSWORD"] = "s3cret",
        ["SPILL"] = "/var/tmp/tandem",
    };

    private static TaskDefinition Parse(string yaml) =>
        TaskFileLoader.Parse(yaml, "demo.yaml", new TaskFileOptions { Environment = name => Environment.GetValueOrDefault(name) });

    private static TaskFileException Fails(string yaml) => Assert.Throws<TaskFileException>(() => Parse(yaml));

    [Fact]
    public void The_issues_minimal_example_loads_with_every_default()
    {
        var task = Parse(Minimal);

        Assert.Equal("demo", task.Name);
        Assert.Equal("mysql://root@127.0.0.1:3307", task.Source);
        Assert.Equal("mysql://root@127.0.0.1:3308", task.Target);
        Assert.Equal(["sbtest.*"], task.TablePatterns);
        Assert.True(task.Tables.Includes("sbtest", "sbtest1"));
        Assert.False(task.Tables.Includes("other", "sbtest1"));
        Assert.Empty(task.Routes);
        Assert.Equal(TaskMode.FullAndIncremental, task.Mode);
        Assert.Null(task.Start);
        Assert.Equal(4, task.CopyThreads);
        Assert.Equal(4, task.WriterThreads);
        Assert.Equal(20_000, task.ChunkRows);
        Assert.Equal(2_000, task.BatchRows);
        Assert.Equal(TimeSpan.FromMilliseconds(20), task.BatchWait);
        Assert.Equal(256L << 20, task.MemoryBudgetBytes);
        Assert.False(task.AllowFullRowMatch);
        Assert.Equal(ExistingTablePolicy.Fail, task.ExistingTables);
        Assert.Null(task.SpillDirectory);
        Assert.Equal(TimeSpan.FromSeconds(30), task.StallAfter);
        Assert.Equal(StatementEventPolicy.Stop, task.StatementEvents);
        Assert.Null(task.FilePath);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var task = Parse("""
            name: shop-to-dr.v2
            source: mysql://repl:${SRC_PASSWORD}@10.0.0.1:3306?tls=require
            target: mariadb://root@10.0.0.2
            tables:
              - shop.*
              - "!shop.tmp_*"
              - "logs.t?"
            routes:
              - {from: "shop.*", to_database: shop_dr}
              - from: logs.t?
                to_table: "archive_*"
            mode: incremental
            start: {file: mariadb-bin.000003, pos: 1234}
            copy_threads: 8
            writer_threads: 16
            chunk_rows: 50_000
            batch_rows: 500
            batch_wait: 0.5s
            memory_budget: 1GiB
            full_row_match: true
            existing_tables: truncate
            spill_dir: ${SPILL}/spill
            stall_after: 2m
            statement_events: skip
            """);

        Assert.Equal("shop-to-dr.v2", task.Name);
        Assert.Equal("mysql://repl:s3cret@10.0.0.1:3306?tls=require", task.Source);
        Assert.Equal("mariadb://root@10.0.0.2", task.Target);
        Assert.Equal(["shop.*", "!shop.tmp_*", "logs.t?"], task.TablePatterns);
        Assert.True(task.Tables.Includes("shop", "orders"));
        Assert.False(task.Tables.Includes("shop", "tmp_1"));
        Assert.True(task.Tables.Includes("logs", "t1"));
        Assert.Equal([new TableRoute("shop.*", "shop_dr", null), new TableRoute("logs.t?", null, "archive_*")], task.Routes);
        Assert.Equal(TaskMode.Incremental, task.Mode);
        Assert.Equal(new TaskStart { File = "mariadb-bin.000003", Position = 1234 }, task.Start);
        Assert.Equal(8, task.CopyThreads);
        Assert.Equal(16, task.WriterThreads);
        Assert.Equal(50_000, task.ChunkRows);
        Assert.Equal(500, task.BatchRows);
        Assert.Equal(TimeSpan.FromMilliseconds(500), task.BatchWait);
        Assert.Equal(1L << 30, task.MemoryBudgetBytes);
        Assert.True(task.AllowFullRowMatch);
        Assert.Equal(ExistingTablePolicy.Truncate, task.ExistingTables);
        Assert.Equal("/var/tmp/tandem/spill", task.SpillDirectory);
        Assert.Equal(TimeSpan.FromMinutes(2), task.StallAfter);
        Assert.Equal(StatementEventPolicy.Skip, task.StatementEvents);
    }

    [Theory]
    [InlineData("full", TaskMode.Full)]
    [InlineData("incremental", TaskMode.Incremental)]
    [InlineData("full+incremental", TaskMode.FullAndIncremental)]
    [InlineData("FULL", TaskMode.Full)]
    public void Modes_are_read_by_name(string text, TaskMode expected) =>
        Assert.Equal(expected, Parse(Minimal.Replace("mode: full+incremental", $"mode: {text}", StringComparison.Ordinal)).Mode);

    [Fact]
    public void Tables_may_be_one_string_and_a_gtid_start_is_read()
    {
        var task = Parse("""
            name: demo
            source: mysql://root@h
            target: mysql://root@h2
            tables: "a.*, b.t1"
            mode: incremental
            start:
              gtid: "0-1-42,1-2-7"
            """);

        Assert.Equal(["a.*, b.t1"], task.TablePatterns);
        Assert.True(task.Tables.Includes("b", "t1"));
        Assert.Equal(new TaskStart { Gtid = "0-1-42,1-2-7" }, task.Start);
    }

    [Fact]
    public void A_file_start_without_pos_starts_at_the_files_first_event()
    {
        var task = Parse(Minimal.Replace("mode: full+incremental", "mode: incremental\nstart: {file: mariadb-bin.000007}", StringComparison.Ordinal));

        Assert.Equal(new TaskStart { File = "mariadb-bin.000007", Position = 4 }, task.Start);
    }

    [Fact]
    public void Incremental_without_start_means_the_sources_current_position()
    {
        Assert.Null(Parse(Minimal.Replace("full+incremental", "incremental", StringComparison.Ordinal)).Start);
    }

    [Fact]
    public void A_bad_integer_names_file_line_and_key()
    {
        var error = Fails(Minimal + "\nwriter_threads: four");

        Assert.Equal("demo.yaml:6: key 'writer_threads': expected a positive integer, got 'four'", error.Message);
        Assert.Equal(6, error.Line);
        Assert.Equal("writer_threads", error.Key);
    }

    [Theory]
    [InlineData("copy_threads: 0", "demo.yaml:6: key 'copy_threads': expected a positive integer, got '0'")]
    [InlineData("copy_threads: -3", "demo.yaml:6: key 'copy_threads': expected a positive integer, got '-3'")]
    [InlineData("copy_threads: 1000", "demo.yaml:6: key 'copy_threads': expected a positive integer of at most 256, got '1000'")]
    [InlineData("batch_rows: 2.5", "demo.yaml:6: key 'batch_rows': expected a positive integer, got '2.5'")]
    [InlineData("chunk_rows: [1]", "demo.yaml:6: key 'chunk_rows': expected a positive integer, got a list")]
    [InlineData("writer_threads:", "demo.yaml:6: key 'writer_threads': expected a positive integer, got nothing")]
    [InlineData("batch_wait: 20", "demo.yaml:6: key 'batch_wait': expected a duration from 0ms to 60s such as \"20ms\" or \"0.5s\", got '20'")]
    [InlineData("batch_wait: 2m", "demo.yaml:6: key 'batch_wait': expected a duration from 0ms to 60s such as \"20ms\" or \"0.5s\", got '2m'")]
    [InlineData("memory_budget: lots", "demo.yaml:6: key 'memory_budget': expected a size such as \"256MiB\", got 'lots'")]
    [InlineData("memory_budget: 1k", "demo.yaml:6: key 'memory_budget': expected at least 1MiB, got '1k'")]
    [InlineData("full_row_match: yes", "demo.yaml:6: key 'full_row_match': expected true or false, got 'yes'")]
    [InlineData("existing_tables: truncat", "demo.yaml:6: key 'existing_tables': expected one of fail, truncate, append, got 'truncat'; did you mean 'truncate'?")]
    [InlineData("spill_dir: \"\"", "demo.yaml:6: key 'spill_dir': expected a directory path, got an empty string")]
    [InlineData("spill_dir: ${NOPE}", "demo.yaml:6: key 'spill_dir': environment variable 'NOPE' is not set")]
    [InlineData("stall_after: 500ms", "demo.yaml:6: key 'stall_after': expected a duration of at least 1s such as \"30s\" or \"2m\", got '500ms'")]
    [InlineData("stall_after: 30", "demo.yaml:6: key 'stall_after': expected a duration of at least 1s such as \"30s\" or \"2m\", got '30'")]
    [InlineData("statement_events: ignore", "demo.yaml:6: key 'statement_events': expected one of stop, skip, got 'ignore'")]
    public void Bad_values_name_file_line_and_key(string line, string message) =>
        Assert.Equal(message, Fails(Minimal + "\n" + line).Message);

    [Fact]
    public void A_misspelt_mode_is_refused_with_a_suggestion()
    {
        var error = Fails(Minimal.Replace("full+incremental", "full-incremental", StringComparison.Ordinal));

        Assert.Equal("demo.yaml:5: key 'mode': expected one of full+incremental, full, incremental, got 'full-incremental'; did you mean 'full+incremental'?", error.Message);
    }

    [Theory]
    [InlineData("writer_thread: 4", "demo.yaml:6: unknown key 'writer_thread'; did you mean 'writer_threads'?")]
    [InlineData("writer-threads: 4", "demo.yaml:6: unknown key 'writer-threads'; did you mean 'writer_threads'?")]
    [InlineData("batchRows: 4", "demo.yaml:6: unknown key 'batchRows'; did you mean 'batch_rows'?")]
    [InlineData("colour: blue", "demo.yaml:6: unknown key 'colour'")]
    public void Unknown_keys_are_refused_suggesting_the_closest(string line, string message)
    {
        var error = Fails(Minimal + "\n" + line);

        Assert.Equal(message, error.Message);
        Assert.Contains("writer_threads", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_key_is_named()
    {
        var error = Fails("""
            name: demo
            target: mysql://root@127.0.0.1:3308
            tables: ["sbtest.*"]
            """);

        Assert.Equal("demo.yaml:1: required key 'source' is missing", error.Message);
        Assert.Contains("mysql://", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: my task", "demo.yaml:1: key 'name': expected 1 to 64 letters, digits, '_', '.' or '-', got 'my task'")]
    [InlineData("name: [demo]", "demo.yaml:1: key 'name': expected a task name, got a list")]
    public void Task_names_are_plain(string line, string message) =>
        Assert.Equal(message, Fails(Minimal.Replace("name: demo", line, StringComparison.Ordinal)).Message);

    [Fact]
    public void A_name_of_65_characters_is_refused()
    {
        Assert.Equal("name", Fails(Minimal.Replace("name: demo", "name: " + new string('a', 65), StringComparison.Ordinal)).Key);
        Assert.Equal(new string('a', 64), Parse(Minimal.Replace("name: demo", "name: " + new string('a', 64), StringComparison.Ordinal)).Name);
    }

    [Fact]
    public void Start_is_only_valid_with_incremental_mode()
    {
        var error = Fails(Minimal + "\nstart: {gtid: \"0-1-42\"}");

        Assert.Equal("demo.yaml:6: key 'start': only valid with mode: incremental, and mode is full+incremental", error.Message);
        Assert.Contains("mode: incremental", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_with_the_default_mode_says_the_mode_is_the_default()
    {
        var error = Fails(Minimal.Replace("mode: full+incremental", "start: {gtid: \"0-1-42\"}", StringComparison.Ordinal));

        Assert.Equal("demo.yaml:5: key 'start': only valid with mode: incremental, and mode is full+incremental (the default)", error.Message);
    }

    [Theory]
    [InlineData("start: {gtid: \"0-1-1\", file: f.000001}", "demo.yaml:6: key 'start': give either gtid, or file with pos, not both")]
    [InlineData("start: {pos: 4}", "demo.yaml:6: key 'start.pos': needs start.file, the binlog file the offset is in")]
    [InlineData("start: {}", "demo.yaml:6: key 'start': expected {gtid: \"...\"} or {file: ..., pos: ...}, got neither")]
    [InlineData("start: {file: f.000001, pos: 3}", "demo.yaml:6: key 'start.pos': expected a binlog offset of at least 4, got '3'")]
    [InlineData("start: {position: 4}", "demo.yaml:6: unknown key 'start.position'")]
    [InlineData("start: {gtids: \"0-1-1\"}", "demo.yaml:6: unknown key 'start.gtids'; did you mean 'start.gtid'?")]
    [InlineData("start: 0-1-1", "demo.yaml:6: key 'start': expected {gtid: \"...\"} or {file: ..., pos: ...}, got '0-1-1'")]
    public void Bad_starts_name_the_key(string line, string message) =>
        Assert.Equal(message, Fails(Minimal.Replace("mode: full+incremental", "mode: incremental", StringComparison.Ordinal) + "\n" + line).Message);

    [Fact]
    public void Environment_variables_fill_in_uris()
    {
        var task = Parse(Minimal.Replace("root@127.0.0.1:3307", "root:${SRC_PASSWORD}@127.0.0.1:3307", StringComparison.Ordinal));

        Assert.Equal("mysql://root:s3cret@127.0.0.1:3307", task.Source);
    }

    [Fact]
    public void A_doubled_dollar_keeps_a_literal_brace_and_lone_dollars_stay()
    {
        var task = Parse(Minimal.Replace("root@127.0.0.1:3307", "root:pa$s$${X}@127.0.0.1:3307", StringComparison.Ordinal));

        Assert.Equal("mysql://root:pa$s${X}@127.0.0.1:3307", task.Source);
    }

    [Fact]
    public void A_missing_environment_variable_is_named_without_printing_the_uri()
    {
        var error = Fails(Minimal.Replace("root@127.0.0.1:3308", "root:${TARGET_PASSWORD}@127.0.0.1:3308", StringComparison.Ordinal));

        Assert.Equal("demo.yaml:3: key 'target': environment variable 'TARGET_PASSWORD' is not set", error.Message);
        Assert.Contains("export", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_substitution_is_refused()
    {
        Assert.Equal("source", Fails(Minimal.Replace("root@127", "root:${PW@127", StringComparison.Ordinal)).Key);
    }

    [Theory]
    [InlineData("source: http://example.com", "demo.yaml:2: key 'source': expected a URI such as mysql://user@host:3306, got the unsupported scheme 'http://'")]
    [InlineData("source: 127.0.0.1:3307", "demo.yaml:2: key 'source': expected a URI such as mysql://user@host:3306, got a value without a scheme://")]
    public void Unsupported_uris_are_refused_without_echoing_them(string line, string message) =>
        Assert.Equal(message, Fails(Minimal.Replace("source: mysql://root@127.0.0.1:3307", line, StringComparison.Ordinal)).Message);

    [Fact]
    public void The_uri_validator_errors_gain_file_line_and_key()
    {
        var options = new TaskFileOptions { ValidateUri = (key, uri) => throw new TandemException($"{key} port is bad", "fix the port") };

        var error = Assert.Throws<TaskFileException>(() => TaskFileLoader.Parse(Minimal, "demo.yaml", options));

        Assert.Equal("demo.yaml:2: key 'source': source port is bad", error.Message);
        Assert.Equal("fix the port", error.Hint);
    }

    [Theory]
    [InlineData("tables: []", "demo.yaml:4: key 'tables': expected at least one table pattern, got an empty list")]
    [InlineData("tables: {a: b}", "demo.yaml:4: key 'tables': expected a list of table patterns such as [\"shop.*\", \"!shop.tmp_*\"], got a mapping")]
    [InlineData("tables: [\"shop\"]", "demo.yaml:4: key 'tables': table pattern 'shop' is not of the form database.table")]
    public void Bad_table_lists_are_refused(string line, string message) =>
        Assert.Equal(message, Fails(Minimal.Replace("tables: [\"sbtest.*\"]", line, StringComparison.Ordinal)).Message);

    [Fact]
    public void A_bad_pattern_in_a_block_list_names_its_own_line()
    {
        var error = Fails(Minimal.Replace("tables: [\"sbtest.*\"]", "tables:\n  - sbtest.*\n  - nodot", StringComparison.Ordinal));

        Assert.Equal(6, error.Line);
        Assert.Equal("tables", error.Key);
    }

    [Theory]
    [InlineData("routes: [{from: \"!a.*\", to_database: b}]", "routes[0].from", "route pattern '!a.*' must be one inclusion pattern")]
    [InlineData("routes: [{from: \"a\", to_database: b}]", "routes[0].from", "table pattern 'a' is not of the form database.table")]
    [InlineData("routes: [{from: \"a.*\"}]", "routes[0]", "route 'a.*' renames nothing")]
    [InlineData("routes: [{to_database: b}]", null, "required key 'routes[0].from' is missing")]
    [InlineData("routes: [{from: a.*, to_database: \"b*\"}]", "routes[0].to_database", "route 'a.*': target database 'b*' is not a database name")]
    [InlineData("routes: [{from: a.*, to_table: \"t?\"}]", "routes[0].to_table", "route 'a.*': target table 't?' is not a table name")]
    [InlineData("routes: [{from: a.*, to_db: b}]", null, "unknown key 'routes[0].to_db'")]
    [InlineData("routes: {from: a.*}", "routes", "expected a list of routes")]
    public void Bad_routes_name_the_route_and_part(string line, string? key, string problem)
    {
        var error = Fails(Minimal + "\n" + line);

        Assert.Equal(6, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_route_target_names_its_own_line()
    {
        var error = Fails(Minimal + "\nroutes:\n  - from: a.*\n    to_database: ok\n  - from: b.*\n    to_table: \"`x`\"");

        Assert.Equal(10, error.Line);
        Assert.Equal("routes[1].to_table", error.Key);
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var error = Fails("name: demo\nsource: mysql://root@h\ntables: [\"a.*\"\ntarget: x");

        Assert.Equal("demo.yaml:3: not valid YAML: the file ends inside an unclosed bracket, brace or quote", error.Message);
    }

    [Fact]
    public void A_duplicate_key_is_refused_at_its_line()
    {
        var error = Fails(Minimal + "\nname: again");

        Assert.Equal("demo.yaml:6: key 'name': given twice", error.Message);
    }

    [Theory]
    [InlineData("", "demo.yaml:1: the file is empty")]
    [InlineData("- a\n- b", "demo.yaml:1: expected the task's keys (name: ..., source: ...), got a list")]
    [InlineData("demo", "demo.yaml:1: expected the task's keys (name: ..., source: ...), got 'demo'")]
    public void A_file_that_is_not_a_mapping_is_refused(string yaml, string message) => Assert.Equal(message, Fails(yaml).Message);

    [Fact]
    public void A_scanner_error_drops_yamldotnets_positions_from_the_message()
    {
        var error = Fails("name: demo\nsource: \"mysql://root@h\n  tables: x");

        Assert.StartsWith("demo.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_document_is_refused()
    {
        Assert.Equal(7, Fails(Minimal + "\n---\nname: other").Line);
    }

    [Fact]
    public void Load_reads_a_file_and_remembers_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-task-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Minimal);
        try
        {
            var task = TaskFileLoader.Load(path);

            Assert.Equal("demo", task.Name);
            Assert.Equal(path, task.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_of_a_missing_file_says_so()
    {
        var error = Assert.Throws<TandemException>(() => TaskFileLoader.Load("/nonexistent/demo.yaml"));

        Assert.Equal("task file '/nonexistent/demo.yaml' does not exist", error.Message);
    }
}
