using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Replication;

/// <summary>Task definitions and task files for a test database on the replication pair.</summary>
internal static class TestTasks
{
    public static TaskDefinition For(ReplicationPairFixture pair, string database, TaskMode mode = TaskMode.FullAndIncremental) => new()
    {
        Name = database,
        Source = pair.Source.Uri,
        Target = pair.Target.Uri,
        TablePatterns = [$"{database}.*"],
        Tables = TableFilter.Parse([$"{database}.*"]),
        Mode = mode,
        CopyThreads = 3,
        WriterThreads = 4,
        ChunkRows = 2_000,
        SpillDirectory = Path.Combine(Path.GetTempPath(), "tandem-test-spill"),
    };

    /// <summary>Writes the YAML task file `tandem run` reads, in a new temporary directory.</summary>
    public static string WriteFile(ReplicationPairFixture pair, string database, string extra = "")
    {
        var directory = Directory.CreateTempSubdirectory("tandem-task-").FullName;
        var path = Path.Combine(directory, $"{database}.yaml");
        File.WriteAllText(path, $"""
            name: {database}
            source: {pair.Source.Uri}
            target: {pair.Target.Uri}
            tables: ["{database}.*"]
            mode: full+incremental
            copy_threads: 3
            writer_threads: 4
            chunk_rows: 2000
            {extra}
            """);
        return path;
    }
}
