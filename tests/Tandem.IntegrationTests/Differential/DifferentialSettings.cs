namespace Tandem.IntegrationTests.Differential;

/// <summary>How much one differential test runs: seeds, workload time per seed, kills per seed, and the copy's size.</summary>
internal sealed record DifferentialSettings(int Seeds, TimeSpan Workload, int CopyKills, int StreamingKills, int LedgerRows)
{
    /// <summary>The suite's default: two seeds, 20 s of workload each, one kill in the copy and two while streaming.</summary>
    public static DifferentialSettings Short { get; } = new(Seeds: 2, TimeSpan.FromSeconds(20), CopyKills: 1, StreamingKills: 2, LedgerRows: 60_000);

    /// <summary>TANDEM_SOAK=1: ten seeds of 45 s each, two kills in the copy and six while streaming.</summary>
    public static DifferentialSettings Soak { get; } = new(Seeds: 10, TimeSpan.FromSeconds(45), CopyKills: 2, StreamingKills: 6, LedgerRows: 60_000);
}
