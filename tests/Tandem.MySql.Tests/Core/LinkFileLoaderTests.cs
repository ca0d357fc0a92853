using Tandem.Core.Errors;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;

namespace Tandem.MySql.Tests.Core;

public sealed class LinkFileLoaderTests
{
    private const string Example = """
        name: ab
        channel: 1
        servers:
          a: mysql://root@127.0.0.1:3307
          b: mysql://root@127.0.0.1:3308
        tables: ["app.*"]
        directions:
          - {from: a, to: b, mode: full+incremental, ddl: true}
          - {from: b, to: a, mode: incremental}
        conflicts: {policy: last-writer-wins, column: updated_at}
        """;

    private const string Mesh = """
        name: mesh
        channel: 7
        servers:
          a: mysql://root@10.0.0.1:3306
          b: mariadb://root@10.0.0.2:3306
          c: mysql://root@10.0.0.3:3306
        tables: ["app.*", "!app.tmp_*"]
        directions:
          - {from: a, to: b, mode: full+incremental, ddl: true}
          - {from: a, to: c, mode: full+incremental, ddl: true}
          - {from: b, to: a}
          - {from: b, to: c}
          - {from: c, to: a}
          - {from: c, to: b}
        conflicts: {policy: last-writer-wins, column: updated_at}
        """;

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["B_PASSWORD"] = "s3cret",
        ["SPILL"] = "/var/tmp/tandem",
    };

    private static LinkDefinition Parse(string yaml) =>
        LinkFileLoader.Parse(yaml, "ab.yaml", new TaskFileOptions { Environment = name => Environment.GetValueOrDefault(name) });

    private static TaskFileException Fails(string yaml) => Assert.Throws<TaskFileException>(() => Parse(yaml));

    /// <summary>The example with one line replaced (the whole line, so its line number stays).</summary>
    private static string ExampleWith(string line, string replacement)
    {
        Assert.Contains(line, Example, StringComparison.Ordinal);
        return Example.Replace(line, replacement, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_loads_with_every_default()
    {
        var link = Parse(Example);

        Assert.Equal("ab", link.Name);
        Assert.Equal(1, link.Channel);
        Assert.Equal([KeyValuePair.Create("a", "mysql://root@127.0.0.1:3307"), KeyValuePair.Create("b", "mysql://root@127.0.0.1:3308")], link.Servers);
        Assert.Equal(["app.*"], link.TablePatterns);
        Assert.True(link.Tables.Includes("app", "orders"));
        Assert.False(link.Tables.Includes("other", "orders"));
        Assert.Equal(
            [
                new LinkDirection { From = "a", To = "b", Mode = TaskMode.FullAndIncremental, Ddl = true, TaskName = "ab.a-b" },
                new LinkDirection { From = "b", To = "a", Mode = TaskMode.Incremental, Ddl = false, TaskName = "ab.b-a" },
            ],
            link.Directions);
        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Log = true, Column = "updated_at" }, link.Conflicts);
        Assert.Empty(link.TableConflicts);
        Assert.Equal(TimeSpan.FromSeconds(1), link.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), link.StallAfter);
        Assert.False(link.PartialColumns);
        Assert.Equal(OriginTagging.Auto, link.OriginTagging);
        Assert.Equal(4, link.CopyThreads);
        Assert.Equal(4, link.WriterThreads);
        Assert.Equal(20_000, link.ChunkRows);
        Assert.Equal(2_000, link.BatchRows);
        Assert.Equal(TimeSpan.FromMilliseconds(20), link.BatchWait);
        Assert.Equal(256L << 20, link.MemoryBudgetBytes);
        Assert.Null(link.SpillDirectory);
        Assert.Null(link.FilePath);
    }

    [Fact]
    public void The_example_runs_as_one_task_per_direction()
    {
        var tasks = Parse(Example).ToTasks();

        Assert.Equal(2, tasks.Count);
        Assert.Equal("ab.a-b", tasks[0].Name);
        Assert.Equal("mysql://root@127.0.0.1:3307", tasks[0].Source);
        Assert.Equal("mysql://root@127.0.0.1:3308", tasks[0].Target);
        Assert.Equal(TaskMode.FullAndIncremental, tasks[0].Mode);
        Assert.Equal("ab.b-a", tasks[1].Name);
        Assert.Equal("mysql://root@127.0.0.1:3308", tasks[1].Source);
        Assert.Equal("mysql://root@127.0.0.1:3307", tasks[1].Target);
        Assert.Equal(TaskMode.Incremental, tasks[1].Mode);
        Assert.All(tasks, task =>
        {
            Assert.Equal(["app.*"], task.TablePatterns);
            Assert.True(task.Tables.Includes("app", "orders"));
            Assert.Empty(task.Routes);
            Assert.Null(task.Start);
            Assert.Equal(4, task.CopyThreads);
            Assert.Equal(20_000, task.ChunkRows);
            Assert.Null(task.FilePath);
        });
    }

    [Fact]
    public void Every_key_is_read_and_the_task_options_reach_the_tasks()
    {
        var link = Parse("""
            name: shop-eu.v2
            channel: 4_294_967_295
            servers:
              eu_1: mysql://root@10.0.0.1
              us_2: tidb://root:${B_PASSWORD}@10.0.0.2:4000
            tables:
              - shop.*
              - "!shop.tmp_*"
            directions:
              - from: eu_1
                to: us_2
                mode: full
                ddl: true
              - from: us_2
                to: eu_1
                ddl: false
                conflicts: {policy: target-wins, log: false}
            conflicts:
              policy: [source-wins, log]
              column: changed_at
              tables:
                - {match: "shop.audit_*", policy: stop}
            heartbeat_interval: 250ms
            stall_after: 2m
            partial_columns: true
            origin_tagging: mark
            copy_threads: 8
            writer_threads: 16
            chunk_rows: 50_000
            batch_rows: 500
            batch_wait: 0.5s
            memory_budget: 1GiB
            spill_dir: ${SPILL}/spill
            """);

        Assert.Equal("shop-eu.v2", link.Name);
        Assert.Equal(4_294_967_295L, link.Channel);
        Assert.Equal("tidb://root:s3cret@10.0.0.2:4000", link.UriOf("us_2"));
        Assert.False(link.Tables.Includes("shop", "tmp_1"));
        Assert.Equal(TaskMode.Full, link.Directions[0].Mode);
        Assert.True(link.Directions[0].Ddl);
        Assert.Null(link.Directions[0].Conflicts);
        Assert.Equal("shop-eu.v2.us_2-eu_1", link.Directions[1].TaskName);
        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.TargetWins, Log = false, Column = "changed_at" }, link.Directions[1].Conflicts);
        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.SourceWins, Log = true, Column = "changed_at" }, link.Conflicts);
        var entry = Assert.Single(link.TableConflicts);
        Assert.Equal("shop.audit_*", entry.Pattern);
        Assert.True(entry.Tables.Includes("shop", "audit_2026"));
        Assert.Equal(ConflictPolicy.Stop, entry.Settings.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(250), link.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), link.StallAfter);
        Assert.True(link.PartialColumns);
        Assert.Equal(OriginTagging.MarkOnly, link.OriginTagging);
        Assert.Equal("/var/tmp/tandem/spill", link.SpillDirectory);

        var task = link.ToTasks()[1];
        Assert.Equal("shop-eu.v2.us_2-eu_1", task.Name);
        Assert.Equal(TaskMode.Incremental, task.Mode);
        Assert.Equal(8, task.CopyThreads);
        Assert.Equal(16, task.WriterThreads);
        Assert.Equal(50_000, task.ChunkRows);
        Assert.Equal(500, task.BatchRows);
        Assert.Equal(TimeSpan.FromMilliseconds(500), task.BatchWait);
        Assert.Equal(1L << 30, task.MemoryBudgetBytes);
        Assert.Equal("/var/tmp/tandem/spill", task.SpillDirectory);
        Assert.Equal(TimeSpan.FromMinutes(2), task.StallAfter);
    }

    [Fact]
    public void A_three_server_mesh_has_a_task_each_way_between_each_pair()
    {
        var link = Parse(Mesh);

        Assert.Equal(["a", "b", "c"], link.Servers.Select(static s => s.Key));
        Assert.Equal(["mesh.a-b", "mesh.a-c", "mesh.b-a", "mesh.b-c", "mesh.c-a", "mesh.c-b"], link.Directions.Select(static d => d.TaskName));
        Assert.Equal(["a-b", "a-c"], link.Directions.Where(static d => d.Ddl).Select(static d => $"{d.From}-{d.To}"));
        Assert.Equal(["a-b", "a-c"], link.Directions.Where(static d => d.Mode == TaskMode.FullAndIncremental).Select(static d => $"{d.From}-{d.To}"));

        var tasks = link.ToTasks();
        Assert.Equal(6, tasks.Count);
        Assert.Equal(("mariadb://root@10.0.0.2:3306", "mysql://root@10.0.0.3:3306"), (tasks[3].Source, tasks[3].Target));
        Assert.All(tasks, task => Assert.Equal(["app.*", "!app.tmp_*"], task.TablePatterns));
    }

    [Fact]
    public void The_docs_examples_load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "link-file.md")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var doc = File.ReadAllText(Path.Combine(directory.FullName, "docs", "link-file.md"));
        var examples = doc.Split("```yaml\n")[1..].Select(static block => block[..block.IndexOf("```", StringComparison.Ordinal)]).Where(static yaml => yaml.StartsWith("name:", StringComparison.Ordinal)).ToList();

        var links = examples.Select(static yaml => LinkFileLoader.Parse(yaml, "link-file.md", new TaskFileOptions { Environment = static _ => "pw" })).ToList();

        Assert.Equal(["ab", "mesh"], links.Select(static l => l.Name));
        Assert.Equal(Example, examples[0].TrimEnd('\n'));
        Assert.Equal(["mesh.a-b", "mesh.a-c", "mesh.b-a", "mesh.b-c", "mesh.c-a", "mesh.c-b"], links[1].ToTasks().Select(static t => t.Name));
    }

    [Fact]
    public void Load_reads_a_file_and_its_tasks_remember_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-link-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Example);
        try
        {
            var link = LinkFileLoader.Load(path);

            Assert.Equal(path, link.FilePath);
            Assert.All(link.ToTasks(), task => Assert.Equal(path, task.FilePath));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_of_a_missing_file_says_so()
    {
        var error = Assert.Throws<TandemException>(() => LinkFileLoader.Load("/nonexistent/ab.yaml"));

        Assert.Equal("link file '/nonexistent/ab.yaml' does not exist", error.Message);
        Assert.Contains("docs/link-file.md", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void UriOf_an_unknown_server_names_the_servers()
    {
        var error = Assert.Throws<TandemException>(() => Parse(Example).UriOf("c"));

        Assert.Equal("link 'ab' has no server 'c'", error.Message);
        Assert.Equal("its servers are a, b", error.Hint);
    }

    [Theory]
    [InlineData("policy: log", ConflictPolicy.Log, true)]
    [InlineData("policy: [log]", ConflictPolicy.Log, true)]
    [InlineData("policy: stop", ConflictPolicy.Stop, true)]
    [InlineData("policy: [last-writer-wins, log], column: ts", ConflictPolicy.LastWriterWins, true)]
    [InlineData("policy: [log, target-wins], log: true", ConflictPolicy.TargetWins, true)]
    [InlineData("policy: source-wins, log: false", ConflictPolicy.SourceWins, false)]
    [InlineData("policy: SOURCE-WINS", ConflictPolicy.SourceWins, true)]
    [InlineData("log: false", ConflictPolicy.SourceWins, false)]
    public void Policies_are_one_name_or_one_and_log(string settings, ConflictPolicy policy, bool log)
    {
        var conflicts = Parse(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", $"conflicts: {{{settings}}}")).Conflicts;

        Assert.Equal(policy, conflicts.Policy);
        Assert.Equal(log, conflicts.Log);
    }

    [Fact]
    public void Without_a_conflicts_section_the_incoming_change_wins_and_is_logged()
    {
        var link = Parse(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", string.Empty));

        Assert.Equal(new ConflictSettings(), link.Conflicts);
        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.SourceWins, Log = true }, link.ConflictsFor(link.Directions[0], "app", "t"));
    }

    [Fact]
    public void ConflictsFor_takes_the_first_matching_table_entry_then_the_direction_then_the_link()
    {
        var link = Parse(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", """
            conflicts:
              policy: last-writer-wins
              column: updated_at
              log: false
              tables:
                - {match: "app.audit_*", policy: stop}
                - {match: "app.*_log", column: logged_at}
                - {match: "app.audit_log", policy: target-wins}
            """).Replace("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {policy: [source-wins, log]}}", StringComparison.Ordinal));
        var (ab, ba) = (link.Directions[0], link.Directions[1]);

        var linkSettings = new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Log = false, Column = "updated_at" };
        Assert.Equal(linkSettings, link.ConflictsFor(ab, "app", "orders"));
        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.SourceWins, Log = true, Column = "updated_at" }, link.ConflictsFor(ba, "app", "orders"));

        // A table entry applies in every direction; the keys it leaves out are the link's.
        var stop = new ConflictSettings { Policy = ConflictPolicy.Stop, Log = false, Column = "updated_at" };
        Assert.Equal(stop, link.ConflictsFor(ab, "app", "audit_1"));
        Assert.Equal(stop, link.ConflictsFor(ba, "APP", "AUDIT_1"));
        Assert.Equal(linkSettings with { Column = "logged_at" }, link.ConflictsFor(ba, "app", "sync_log"));

        // The first matching entry wins, not the most specific.
        Assert.Equal(stop, link.ConflictsFor(ab, "app", "audit_log"));
    }

    [Fact]
    public void A_directions_section_inherits_the_keys_it_leaves_out_from_the_links()
    {
        var link = Parse(Example.Replace("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {log: false}}", StringComparison.Ordinal));

        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Log = false, Column = "updated_at" }, link.Directions[1].Conflicts);
        Assert.Null(link.Directions[0].Conflicts);
    }

    [Fact]
    public void Policy_log_records_conflicts_even_when_the_link_does_not()
    {
        var link = Parse(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {log: false}")
            .Replace("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {policy: log}}", StringComparison.Ordinal));

        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.Log, Log = true }, link.Directions[1].Conflicts);
    }

    [Fact]
    public void A_name_leaves_room_for_the_task_names()
    {
        var longest = new string('n', 60);
        Assert.Equal(longest + ".a-b", Parse(ExampleWith("name: ab", "name: " + longest)).Directions[0].TaskName);

        var error = Fails(ExampleWith("name: ab", "name: " + longest + "x"));

        Assert.Equal(1, error.Line);
        Assert.Equal("name", error.Key);
        Assert.Equal($"ab.yaml:1: key 'name': the direction from 'a' to 'b' runs as the task '{longest}x.a-b', 65 characters; task names hold at most 64", error.Message);
        Assert.Contains("<name>.<from>-<to>", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    // name
    [InlineData("name: ab", "name: a b", 1, "name", "expected 1 to 64 letters, digits, '_', '.' or '-', got 'a b'")]
    [InlineData("name: ab", "name: [ab]", 1, "name", "expected a link name, got a list")]
    // channel
    [InlineData("channel: 1", "channel: 0", 2, "channel", "expected a positive integer, got '0'")]
    [InlineData("channel: 1", "channel: 4294967296", 2, "channel", "expected a positive integer of at most 4_294_967_295, got '4294967296'")]
    [InlineData("channel: 1", "channel: one", 2, "channel", "expected a positive integer, got 'one'")]
    [InlineData("channel: 1", "channel: -1", 2, "channel", "expected a positive integer, got '-1'")]
    // servers
    [InlineData("  a: mysql://root@127.0.0.1:3307", "  a-1: mysql://root@127.0.0.1:3307", 4, "servers", "expected a server name of 1 to 32 letters, digits or '_', got 'a-1'")]
    [InlineData("  a: mysql://root@127.0.0.1:3307", "  a.1: mysql://root@127.0.0.1:3307", 4, "servers", "expected a server name of 1 to 32 letters, digits or '_', got 'a.1'")]
    [InlineData("  a: mysql://root@127.0.0.1:3307", "  s012345678901234567890123456789xy: mysql://root@127.0.0.1:3307", 4, "servers", "expected a server name of 1 to 32 letters, digits or '_', got 's012345678901234567890123456789xy'")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  A: mysql://root@127.0.0.1:3308", 5, "servers.A", "differs from server 'a' only in case")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: postgres://root@127.0.0.1:5432/app", 5, "servers.b", "PostgreSQL links are not supported yet")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: postgresql://root@127.0.0.1:5432/app", 5, "servers.b", "PostgreSQL links are not supported yet")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: http://127.0.0.1", 5, "servers.b", "expected a URI such as mysql://user@host:3306, got the unsupported scheme 'http://'")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: 127.0.0.1:3308", 5, "servers.b", "expected a URI such as mysql://user@host:3306, got a value without a scheme://")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: mysql://root:${NOPE}@127.0.0.1:3308", 5, "servers.b", "environment variable 'NOPE' is not set")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b: mysql://root@127.0.0.1:3307", 5, "servers.b", "has the same URI as server 'a'")]
    [InlineData("  b: mysql://root@127.0.0.1:3308", "  b:", 5, "servers.b", "expected a URI such as mysql://user@host:3306, got nothing")]
    // tables
    [InlineData("tables: [\"app.*\"]", "tables: []", 6, "tables", "expected at least one table pattern, got an empty list")]
    [InlineData("tables: [\"app.*\"]", "tables: [\"app\"]", 6, "tables", "table pattern 'app' is not of the form database.table")]
    // directions
    [InlineData("  - {from: a, to: b, mode: full+incremental, ddl: true}", "  - {from: zz, to: b, mode: full+incremental, ddl: true}", 8, "directions[0].from", "'zz' is not one of the servers (a, b)")]
    [InlineData("  - {from: a, to: b, mode: full+incremental, ddl: true}", "  - {from: a, to: a, mode: full+incremental, ddl: true}", 8, "directions[0].to", "the direction goes from 'a' to itself")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: a, to: b, mode: incremental}", 9, "directions[1]", "the direction from 'a' to 'b' is given twice (also directions[0])")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, mode: incremantal}", 9, "directions[1].mode", "expected one of full+incremental, full, incremental, got 'incremantal'; did you mean 'incremental'?")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, ddl: yes}", 9, "directions[1].ddl", "expected true or false, got 'yes'")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, ddl: true}", 9, "directions[1].ddl", "DDL already flows from 'a' to 'b' (directions[0]); DDL must flow one way between two servers")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, mode: [full]}", 9, "directions[1].mode", "expected one of full+incremental, full, incremental, got a list")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - {from: [b], to: a}", 9, "directions[1].from", "expected a server name, got a list")]
    [InlineData("  - {from: b, to: a, mode: incremental}", "  - b-a", 9, "directions[1]", "expected a direction {from: a, to: b, mode: incremental, ddl: false}, got 'b-a'")]
    // conflicts
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: last-writer-win, column: updated_at}", 10, "conflicts.policy", "expected one of source-wins, target-wins, last-writer-wins, log, stop, got 'last-writer-win'; did you mean 'last-writer-wins'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: last-writer-wins}", 10, "conflicts.policy", "last-writer-wins needs column, the timestamp column it compares")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: [source-wins, target-wins]}", 10, "conflicts.policy", "expected one policy, or one and log, got [source-wins, target-wins]")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: [log, log]}", 10, "conflicts.policy", "expected one policy, or one and log, got [log, log]")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: [stop, log, source-wins]}", 10, "conflicts.policy", "expected one policy, or one and log, got [stop, log, source-wins]")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: []}", 10, "conflicts.policy", "expected a policy, got an empty list")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: {a: b}}", 10, "conflicts.policy", "expected one of source-wins, target-wins, last-writer-wins, log, stop, or a list such as [last-writer-wins, log], got a mapping")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: log, log: false}", 10, "conflicts.log", "log: false contradicts the policy log, which records every conflict")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: [stop, log], log: false}", 10, "conflicts.log", "log: false contradicts the policy log, which records every conflict")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: stop, log: maybe}", 10, "conflicts.log", "expected true or false, got 'maybe'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: last-writer-wins, column: \"`ts`\"}", 10, "conflicts.column", "expected a column name of 1 to 64 characters without backquotes, got '`ts`'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: last-writer-wins, column: [a, b]}", 10, "conflicts.column", "expected a column name such as updated_at, got a list")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: last-writer-wins", 10, "conflicts", "expected the conflict settings {policy: ..., column: ..., log: ..., tables: [...]}, got 'last-writer-wins'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: stop, tables: {match: a.b}}", 10, "conflicts.tables", "expected a list such as [{match: \"app.audit_*\", policy: source-wins}], got a mapping")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{policy: stop}]}", 10, null, "required key 'conflicts.tables[0].match' is missing")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{match: \"!app.t\", policy: stop}]}", 10, "conflicts.tables[0].match", "expected one inclusion pattern such as \"app.orders\" or \"app.audit_*\", got '!app.t'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{match: \"app.a, app.b\", policy: stop}]}", 10, "conflicts.tables[0].match", "expected one inclusion pattern such as \"app.orders\" or \"app.audit_*\", got 'app.a, app.b'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{match: app, policy: stop}]}", 10, "conflicts.tables[0].match", "table pattern 'app' is not of the form database.table")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{match: app.t, policy: last-writer-wins}]}", 10, "conflicts.tables[0].policy", "last-writer-wins needs column, the timestamp column it compares")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: log, tables: [{match: app.t, log: false}]}", 10, "conflicts.tables[0].log", "log: false contradicts the policy log (the link's), which records every conflict")]
    // the rest
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "heartbeat_interval: 50ms", 10, "heartbeat_interval", "expected a duration from 100ms to 1h such as \"1s\" or \"500ms\", got '50ms'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "heartbeat_interval: 2h", 10, "heartbeat_interval", "expected a duration from 100ms to 1h such as \"1s\" or \"500ms\", got '2h'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "heartbeat_interval: 1", 10, "heartbeat_interval", "expected a duration from 100ms to 1h such as \"1s\" or \"500ms\", got '1'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "heartbeat_interval: 20s", 10, "heartbeat_interval", "expected at most 10s while stall_after is its default 30s, got '20s'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "stall_after: 2.5s", 10, "stall_after", "expected at least 3 heartbeat intervals (3s with heartbeat_interval 1s), got '2.5s'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "stall_after: soon", 10, "stall_after", "expected a duration such as \"30s\" or \"2m\", got 'soon'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "partial_columns: yes", 10, "partial_columns", "expected true or false, got 'yes'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "origin_tagging: marks", 10, "origin_tagging", "expected one of auto, mark, got 'marks'; did you mean 'mark'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "copy_threads: 1000", 10, "copy_threads", "expected a positive integer of at most 256, got '1000'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "batch_wait: 2m", 10, "batch_wait", "expected a duration from 0ms to 60s such as \"20ms\" or \"0.5s\", got '2m'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "memory_budget: 1k", 10, "memory_budget", "expected at least 1MiB, got '1k'")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "spill_dir: \"\"", 10, "spill_dir", "expected a directory path, got an empty string")]
    public void Each_rule_names_the_line_and_the_key(string line, string replacement, int lineNumber, string? key, string problem)
    {
        var error = Fails(ExampleWith(line, replacement));

        Assert.Equal(lineNumber, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Equal(key is null ? $"ab.yaml:{lineNumber}: {problem}" : $"ab.yaml:{lineNumber}: key '{key}': {problem}", error.Message);
    }

    [Theory]
    [InlineData("  - {from: a, to: b, mode: full+incremental, ddl: true}", "  - {from: a, to: b, mode: full+incremental, dll: true}", 8, "unknown key 'directions[0].dll'; did you mean 'directions[0].ddl'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: stop, logs: true}", 10, "unknown key 'conflicts.logs'; did you mean 'conflicts.log'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {tables: [{macth: a.b}]}", 10, "unknown key 'conflicts.tables[0].macth'; did you mean 'conflicts.tables[0].match'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "direction: []", 10, "unknown key 'direction'; did you mean 'directions'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "heartbeat-interval: 1s", 10, "unknown key 'heartbeat-interval'; did you mean 'heartbeat_interval'?")]
    [InlineData("conflicts: {policy: last-writer-wins, column: updated_at}", "routes: []", 10, "unknown key 'routes'")]
    public void Unknown_keys_are_refused_suggesting_the_closest(string line, string replacement, int lineNumber, string problem)
    {
        var error = Fails(ExampleWith(line, replacement));

        Assert.Equal($"ab.yaml:{lineNumber}: {problem}", error.Message);
        Assert.Contains("docs/link-file.md", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_name_is_suggested_for_a_misspelt_one()
    {
        var error = Fails(Mesh.Replace("{from: c, to: b}", "{from: c, to: bb}", StringComparison.Ordinal));

        Assert.Equal("ab.yaml:14: key 'directions[5].to': 'bb' is not one of the servers (a, b, c); did you mean 'b'?", error.Message);
    }

    [Fact]
    public void A_postgres_server_is_refused_naming_the_schemes_a_link_takes()
    {
        var error = Fails(ExampleWith("  b: mysql://root@127.0.0.1:3308", "  b: postgres://root@127.0.0.1:5432/app"));

        Assert.Equal("a link joins MySQL-family servers for now: write mysql://, mariadb:// or tidb:// URIs", error.Hint);
    }

    [Fact]
    public void A_bad_scheme_hint_offers_only_the_schemes_a_link_takes()
    {
        var error = Fails(ExampleWith("  b: mysql://root@127.0.0.1:3308", "  b: http://127.0.0.1"));

        Assert.DoesNotContain("postgres", error.Hint, StringComparison.Ordinal);
        Assert.Contains("mariadb://", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_uri_validator_sees_the_server_key_and_its_errors_gain_file_line_and_key()
    {
        var keys = new List<string>();
        LinkFileLoader.Parse(Example, "ab.yaml", new TaskFileOptions { ValidateUri = (key, _) => keys.Add(key) });
        Assert.Equal(["servers.a", "servers.b"], keys);

        var options = new TaskFileOptions { ValidateUri = (key, uri) => throw new TandemException($"{key} port is bad", "fix the port") };
        var error = Assert.Throws<TaskFileException>(() => LinkFileLoader.Parse(Example, "ab.yaml", options));

        Assert.Equal("ab.yaml:4: key 'servers.a': servers.a port is bad", error.Message);
        Assert.Equal("fix the port", error.Hint);
    }

    [Theory]
    [InlineData("servers: [a, b]", 3, "servers", "expected the servers by name, such as {a: mysql://..., b: mysql://...}, got a list")]
    [InlineData("servers: {}", 3, "servers", "expected at least 2 servers, got 0")]
    [InlineData("directions: {from: a, to: b}", 7, "directions", "expected a list of directions such as [{from: a, to: b}, {from: b, to: a}], got a mapping")]
    [InlineData("directions: []", 7, "directions", "expected at least one direction, got an empty list")]
    public void Servers_and_directions_of_the_wrong_shape_are_refused(string replacement, int lineNumber, string key, string problem)
    {
        var block = key == "servers" ? "servers:\n  a: mysql://root@127.0.0.1:3307\n  b: mysql://root@127.0.0.1:3308" : "directions:\n  - {from: a, to: b, mode: full+incremental, ddl: true}\n  - {from: b, to: a, mode: incremental}";
        var error = Fails(ExampleWith(block, replacement));

        Assert.Equal(lineNumber, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Equal($"ab.yaml:{lineNumber}: key '{key}': {problem}", error.Message);
    }

    [Fact]
    public void A_link_needs_two_servers()
    {
        var error = Fails("""
            name: ab
            channel: 1
            servers:
              a: mysql://root@127.0.0.1:3307
            tables: ["app.*"]
            directions: [{from: a, to: a}]
            """);

        Assert.Equal("ab.yaml:4: key 'servers': expected at least 2 servers, got 1", error.Message);
        Assert.Contains("task file", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_server_must_be_in_a_direction()
    {
        var error = Fails(Mesh.Replace("  - {from: b, to: c}\n", string.Empty, StringComparison.Ordinal)
            .Replace("  - {from: c, to: a}\n", string.Empty, StringComparison.Ordinal)
            .Replace("  - {from: c, to: b}\n", string.Empty, StringComparison.Ordinal)
            .Replace("  - {from: a, to: c, mode: full+incremental, ddl: true}\n", string.Empty, StringComparison.Ordinal));

        Assert.Equal("ab.yaml:6: key 'servers.c': server 'c' is in no direction", error.Message);
        Assert.Equal("add a direction from or to c, or remove it from servers", error.Hint);
    }

    [Fact]
    public void At_most_one_full_copy_goes_into_a_server()
    {
        var error = Fails(Mesh.Replace("{from: c, to: b}", "{from: c, to: b, mode: full}", StringComparison.Ordinal));

        Assert.Equal(14, error.Line);
        Assert.Equal("directions[5].mode", error.Key);
        Assert.Equal("ab.yaml:14: key 'directions[5].mode': server 'b' already gets a full copy from 'a' (directions[0]); at most one direction into a server may copy", error.Message);
        Assert.Contains("mode: incremental", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Ddl_may_flow_both_ways_between_different_pairs()
    {
        var link = Parse(Mesh.Replace("{from: b, to: c}", "{from: b, to: c, ddl: true}", StringComparison.Ordinal));

        Assert.Equal(3, link.Directions.Count(static d => d.Ddl));
    }

    [Fact]
    public void Ddl_both_ways_says_it_must_flow_one_way()
    {
        var error = Fails(ExampleWith("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, ddl: true}"));

        Assert.Contains("ddl: true on one of the two directions", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_direction_cannot_have_per_table_settings()
    {
        var error = Fails(ExampleWith("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {policy: stop, tables: []}}"));

        Assert.Equal("ab.yaml:9: key 'directions[1].conflicts.tables': per-table conflict settings belong to the link, not to a direction", error.Message);
        Assert.Contains("top-level conflicts", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_direction_naming_last_writer_wins_uses_the_links_column()
    {
        var link = Parse(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", "conflicts: {policy: source-wins, column: ts}")
            .Replace("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {policy: last-writer-wins}}", StringComparison.Ordinal));

        Assert.Equal(new ConflictSettings { Policy = ConflictPolicy.LastWriterWins, Log = true, Column = "ts" }, link.Directions[1].Conflicts);
    }

    [Fact]
    public void A_direction_naming_last_writer_wins_without_any_column_is_refused()
    {
        var error = Fails(ExampleWith("conflicts: {policy: last-writer-wins, column: updated_at}", string.Empty)
            .Replace("  - {from: b, to: a, mode: incremental}", "  - {from: b, to: a, conflicts: {policy: last-writer-wins}}", StringComparison.Ordinal));

        Assert.Equal("ab.yaml:9: key 'directions[1].conflicts.policy': last-writer-wins needs column, the timestamp column it compares", error.Message);
        Assert.Contains("column: updated_at", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Stall_after_may_follow_a_long_heartbeat()
    {
        var link = Parse(Example + "\nheartbeat_interval: 20s\nstall_after: 1m");

        Assert.Equal(TimeSpan.FromSeconds(20), link.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), link.StallAfter);
        Assert.Contains("stall_after", Fails(Example + "\nheartbeat_interval: 20s").Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: ab\n")]
    [InlineData("channel: 1\n")]
    [InlineData("servers:\n  a: mysql://root@127.0.0.1:3307\n  b: mysql://root@127.0.0.1:3308\n")]
    [InlineData("tables: [\"app.*\"]\n")]
    [InlineData("directions:\n  - {from: a, to: b, mode: full+incremental, ddl: true}\n  - {from: b, to: a, mode: incremental}\n")]
    public void A_missing_required_key_is_named(string block)
    {
        var key = block[..block.IndexOf(':', StringComparison.Ordinal)];

        var error = Fails(ExampleWith(block, string.Empty));

        Assert.Equal($"ab.yaml:1: required key '{key}' is missing", error.Message);
        Assert.Null(error.Key);
        Assert.Contains("a minimal link file is:", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_channel_hint_says_links_sharing_a_server_need_different_channels()
    {
        Assert.Contains("different from every other link sharing a server", Fails(ExampleWith("channel: 1", "channel: 0")).Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ab.yaml:1: the file is empty")]
    [InlineData("- a\n- b", "ab.yaml:1: expected the link's keys (name: ..., servers: ...), got a list")]
    [InlineData("name: ab\n---\nname: cd", "ab.yaml:3: a link file holds one link, and this is a second YAML document")]
    [InlineData("name: ab\nname: cd", "ab.yaml:2: key 'name': given twice")]
    [InlineData("servers:\n  a: mysql://h\n  a: mysql://h2", "ab.yaml:3: key 'a': given twice")]
    public void Files_that_are_not_one_mapping_are_refused_as_task_files_are(string yaml, string message) => Assert.Equal(message, Fails(yaml).Message);

    [Theory]
    [InlineData(Example, true)]
    [InlineData("servers: {a: mysql://h}", true)]
    [InlineData("name: x\ndirections: []", true)]
    [InlineData("# a comment\nname: x\nnested: {servers: 1}\n? [complex]\n: value\nservers:\n  a: b\ntables: [unclosed", true)]
    [InlineData("name: demo\nsource: mysql://root@h\ntarget: mysql://root@h2\ntables: [\"a.*\"]", false)]
    [InlineData("name: demo\nsource: mysql://root@h\ntables: [\"a.*\"\ntarget: x", false)]
    [InlineData("name: demo\nsource: \"mysql://root@h\n  tables: x", false)]
    [InlineData("name: [", false)]
    [InlineData("- servers\n- directions", false)]
    [InlineData("servers", false)]
    [InlineData("", false)]
    [InlineData("name: demo\n---\nservers: {}", false)]
    public void IsLinkFile_looks_for_servers_or_directions_at_the_top(string yaml, bool expected) =>
        Assert.Equal(expected, LinkFileLoader.IsLinkFile(yaml));

    [Fact]
    public void IsLinkFile_never_throws_on_a_file_cut_short()
    {
        foreach (var text in new[] { Example, Mesh, "a: [b, {c: \"d\", e: 'f'}]\n? |\n  g\n: &h i\nj: *h" })
        {
            for (var length = 0; length <= text.Length; length++)
            {
                var prefix = text[..length];
                Assert.Equal(prefix.Contains("\nservers:", StringComparison.Ordinal), LinkFileLoader.IsLinkFile(prefix));
            }
        }
    }
}
