using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Verify;

/// <summary>What <see cref="MySqlVerifier"/> compares and how.</summary>
public sealed record MySqlVerifyOptions
{
    public required MySqlConnectionOptions Source { get; init; }

    public required MySqlConnectionOptions Target { get; init; }

    public required TableFilter Tables { get; init; }

    /// <summary>The patterns <see cref="Tables"/> was parsed from, which name the comparison in its journal.</summary>
    public IReadOnlyList<string> TablePatterns { get; init; } = [];

    /// <summary>Where each source table lives on the target (a task's routes); identity by default.</summary>
    public TableRouter Router { get; init; } = TableRouter.Identity;

    /// <summary>Tables compared at once; each has one connection to each side.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>The first chunk's rows; later chunks are sized to take about <see cref="ChunkTime"/>.</summary>
    public int ChunkRows { get; init; } = 100_000;

    /// <summary>How long one chunk query should take; zero keeps every chunk at <see cref="ChunkRows"/>.</summary>
    public TimeSpan ChunkTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A SQL condition both sides' rows are filtered by.</summary>
    public string? Where { get; init; }

    /// <summary>Time-slice mode: compare rows whose time column falls in the window, slice by slice.</summary>
    public TimeSliceOptions? TimeSlices { get; init; }

    /// <summary>Rows read per second at most (0: no limit).</summary>
    public double MaxRowsPerSecond { get; init; }

    /// <summary>The replicating task whose checkpoint tells when the target has caught up (live re-checks, consistent mode).</summary>
    public string? Task { get; init; }

    /// <summary>Hold the task's apply while both sides open snapshots at one source position, and compare inside them.</summary>
    public bool Consistent { get; init; }

    /// <summary>Without a task, how long to wait before re-reading rows found different on a live pair; zero: the pair is not live.</summary>
    public TimeSpan LagBound { get; init; }

    /// <summary>Re-check rounds for rows found different on a live pair.</summary>
    public int RecheckRounds { get; init; } = 3;

    /// <summary>How long a re-check waits at most for the task's checkpoint to pass the source position.</summary>
    public TimeSpan RecheckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Differences kept per table for the report and the fix; more are counted only.</summary>
    public int MaxDifferences { get; init; } = 100_000;

    /// <summary>The journal that makes a run resumable.</summary>
    public required string JournalPath { get; init; }

    /// <summary>Continue the run recorded in the journal instead of starting over.</summary>
    public bool Resume { get; init; }

    /// <summary>How long the task may take to answer a fence (consistent mode).</summary>
    public TimeSpan FenceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsLive => !Consistent && (Task is not null || LagBound > TimeSpan.Zero);
}

/// <summary>Time-slice mode (<c>--since --until --time-column</c>): the window and the size of each slice.</summary>
public sealed record TimeSliceOptions(string Column, DateTime Since, DateTime Until, TimeSpan Slice);
