using Microsoft.Extensions.Logging;
using Tandem.MySql.Meta;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Verify;

/// <summary>
/// A running task held at a source position P: the task is paused at a transaction boundary, source snapshots open at
/// P, and the task applies exactly up to P and holds there until <see cref="TaskFence.ReleaseAsync"/>. While held the
/// target is the source at P for the task's tables, so target snapshots opened now, or fixes written now, line up with
/// the source snapshots. The caller owns both the fence and the snapshot.
/// </summary>
internal static class HeldSnapshot
{
    public static async Task<(TaskFence Fence, SourceSnapshot Snapshot)> OpenAsync(MySqlVerifyOptions options, string task, int count, ILogger logger, CancellationToken ct)
    {
        var fence = await TaskFence.PauseAsync(options.Target, task, options.FenceTimeout, ct).ConfigureAwait(false);
        SourceSnapshot? snapshot = null;
        try
        {
            snapshot = await SnapshotOpener.OpenAsync(
                new FullCopyOptions { Source = options.Source, Target = options.Target, Task = task, Tables = options.Tables }, count, logger, ct).ConfigureAwait(false);
            await fence.AdvanceAsync(snapshot.Position, options.FenceTimeout, ct).ConfigureAwait(false);
            return (fence, snapshot);
        }
        catch
        {
            if (snapshot is not null)
                await snapshot.DisposeAsync().ConfigureAwait(false);
            await fence.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
