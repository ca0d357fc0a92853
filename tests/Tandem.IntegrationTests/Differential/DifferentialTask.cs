using System.Globalization;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// The task file of one seed's run: small copy chunks (so a kill lands mid-copy), a 2 MiB memory budget (so the
/// workload's largest transactions pass a quarter of it and are applied alone), and a batch size the seed picks.
/// </summary>
internal static class DifferentialTask
{
    /// <summary>
    /// Batch sizes by <c>seed % 3</c>, the default second, so a run of two seeds has the smallest and the default. Small
    /// batches merge little, so changes of one row land in separate batches on separate writers, where a wrong order
    /// shows (unique keys left out of the apply order lost rows only with 20); the default merges runs of changes of a
    /// row into one final state, and has its own paths (merging keys a collation holds equal, large batches).
    /// </summary>
    private static readonly int[] BatchRows = [20, 2_000, 200];

    public static int BatchRowsFor(int seed) => BatchRows[(int)((uint)seed % (uint)BatchRows.Length)];

    /// <summary>Turns a random seed into one whose batch size is the <paramref name="index"/>-th, so a run of seeds covers every size.</summary>
    public static int WithBatchSizeOf(int seed, int index)
    {
        var residue = (uint)seed % (uint)BatchRows.Length;
        var adjusted = seed - (int)residue + (index % BatchRows.Length);
        return adjusted > 0 ? adjusted : adjusted + BatchRows.Length;
    }

    /// <summary>Writes the task file in a new temporary directory (its spill directory beside it); returns its path.</summary>
    public static string Write(string database, int seed, string sourceUri, string targetUri)
    {
        var directory = Directory.CreateTempSubdirectory("tandem-diff-").FullName;
        var path = Path.Combine(directory, $"{database}.yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            name: {database}
            source: {sourceUri}
            target: {targetUri}
            tables: ["{database}.*"]
            mode: full+incremental
            copy_threads: 3
            writer_threads: 4
            chunk_rows: 500
            batch_rows: {BatchRowsFor(seed)}
            memory_budget: 2MiB
            spill_dir: {Path.Combine(directory, "spill")}
            """));
        return path;
    }
}
