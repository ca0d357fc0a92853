using System.Diagnostics;
using Tandem.Core.Errors;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Meta;

/// <summary>
/// The verifier's side of a fence: holds a running task's apply so the target stands exactly at a known source
/// position while the verifier opens its snapshots. Pause, open the source snapshots at P, advance to P, open the
/// target snapshots, release. The runner (<c>tandem run</c>) follows the task's row in <c>tandem_meta.fence</c>; a
/// fence that is not released in time expires and the task resumes by itself, so a crashed verifier never stalls it
/// for long.
/// </summary>
public sealed class TaskFence : IAsyncDisposable
{
    /// <summary>How long the runner holds after its answer when the verifier goes silent.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(5);

    private readonly MySqlConnection _connection;
    private readonly MySqlConnectionOptions _target;
    private readonly string _task;
    private readonly long _id;
    private readonly TimeSpan _expiry;
    private bool _advanced;
    private bool _released;
    private bool _disposed;

    private TaskFence(MySqlConnection connection, MySqlConnectionOptions target, string task, long id, TimeSpan expiry, BinlogPosition? pausedAt)
    {
        _connection = connection;
        _target = target;
        _task = task;
        _id = id;
        _expiry = expiry;
        PausedAt = pausedAt;
    }

    /// <summary>The runner's checkpoint when it paused: everything up to it, and nothing after it, is on the target.</summary>
    public BinlogPosition? PausedAt { get; }

    /// <summary>The fence's id in <c>tandem_meta.fence</c> (for logs).</summary>
    public long Id => _id;

    /// <summary>
    /// Asks the task's runner to pause and waits until it answers that everything it submitted is committed. Throws a
    /// <see cref="TandemException"/> naming the task and the target when no answer comes within
    /// <paramref name="answerTimeout"/> (and removes its request).
    /// </summary>
    public static Task<TaskFence> PauseAsync(MySqlConnectionOptions target, string task, TimeSpan answerTimeout, CancellationToken ct) =>
        PauseAsync(target, task, answerTimeout, DefaultExpiry, ct);

    /// <summary>
    /// As <see cref="PauseAsync(MySqlConnectionOptions, string, TimeSpan, CancellationToken)"/>, with the expiry: how
    /// long the runner holds after each answer (paused, held) before it resumes by itself unless the fence moves on.
    /// </summary>
    public static async Task<TaskFence> PauseAsync(MySqlConnectionOptions target, string task, TimeSpan answerTimeout, TimeSpan expiry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(task);
        if (expiry <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "a fence's expiry must be positive");

        var connection = await MySqlConnection.OpenAsync(target with { Database = null }, ct).ConfigureAwait(false);
        long? id = null;
        var handedOver = false;
        try
        {
            try
            {
                // Until the answer the request may wait for the runner; the expiry proper starts once the answer is here.
                id = await FenceStore.InsertPauseAsync(connection, task, answerTimeout + expiry, ct).ConfigureAwait(false);
            }
            catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049)
            {
                throw new TandemException(
                    $"task '{task}' did not answer a pause on {target.DisplayName}: it has no {MetaSchema.Database}.fence table, so no `tandem run` that supports fences ever ran against it",
                    "check the target URI and the task name, and start the task with `tandem run TASK.yaml`",
                    ex);
            }

            var answer = await AwaitAnswerAsync(connection, task, id.Value, FenceState.Paused, answerTimeout, ct).ConfigureAwait(false);
            if (answer is null)
            {
                var phase = await TaskStateStore.ReadAsync(connection, task, ct).ConfigureAwait(false) is { } state
                    ? $"its phase is '{state.Phase}'"
                    : $"it has no row in {MetaSchema.Database}.task";
                throw new TandemException(
                    $"task '{task}' did not answer a pause on {target.DisplayName} within {answerTimeout.TotalSeconds:0.#} s ({phase}); is `tandem run` running for it?",
                    "start the task with `tandem run TASK.yaml` and wait until it streams (its status line says 'streaming'), then verify again");
            }

            var fence = new TaskFence(connection, target, task, id.Value, expiry, answer.Applied);
            handedOver = true;
            try
            {
                await fence.RenewAsync(FenceState.Paused, "was no longer paused once it answered", ct).ConfigureAwait(false);
            }
            catch
            {
                await fence.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return fence;
        }
        finally
        {
            if (!handedOver)
            {
                if (id is { } unanswered)
                    await RemoveQuietlyAsync(connection, task, unanswered).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Lets the runner apply every transaction up to <paramref name="sourcePosition"/> (file and offset; GTIDs are not
    /// used) and waits until it holds there with all of them committed. Returns the runner's checkpoint then: the last
    /// transaction at or before P (or P itself). On a timeout the fence is released and a <see cref="TandemException"/> thrown.
    /// </summary>
    public async Task<BinlogPosition?> AdvanceAsync(BinlogPosition sourcePosition, TimeSpan answerTimeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sourcePosition);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_released || _advanced)
        {
            throw new InvalidOperationException(_released ? "the fence was released" : "a fence advances once; pause again for another position");
        }

        var to = sourcePosition.FilePosition;
        if (PausedAt is { } paused && to < paused.FilePosition)
        {
            throw new TandemException(
                $"task '{_task}' cannot advance to {to}: it already applied up to {paused}",
                "take the source position after pausing the task (open the source snapshots once PauseAsync returned)");
        }

        _advanced = true;
        if (!await FenceStore.AdvanceAsync(_connection, _task, _id, to, answerTimeout + _expiry, ct).ConfigureAwait(false))
        {
            _released = true;
            throw await NoLongerHeldAsync($"cannot advance to {to}", ct).ConfigureAwait(false);
        }

        var answer = await AwaitAnswerAsync(_connection, _task, _id, FenceState.Held, answerTimeout, ct).ConfigureAwait(false);
        if (answer is null)
        {
            await ReleaseQuietlyAsync().ConfigureAwait(false);
            throw new TandemException(
                $"task '{_task}' on {_target.DisplayName} did not reach {to} within {answerTimeout.TotalSeconds:0.#} s; the fence was released",
                "the task may be far behind the source: wait until its lag is low, or allow a longer timeout");
        }

        await RenewAsync(FenceState.Held, "was no longer held once it answered", ct).ConfigureAwait(false);
        return answer.Applied;
    }

    /// <summary>
    /// Lets the task resume. Idempotent. Throws a <see cref="TandemException"/> when the fence expired (or was removed)
    /// before this release: the task may have resumed before snapshots opened since the answer, so they may be past P.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_released)
            return;
        _released = true;
        if (await FenceStore.EndAsync(_connection, _task, _id, FenceState.Release, unexpired: true, ct).ConfigureAwait(false))
            return;
        if (await FenceStore.ReadAsync(_connection, _task, _id, ct).ConfigureAwait(false) is { State: FenceState.Release })
            return;
        throw await NoLongerHeldAsync("was not held until its release", ct).ConfigureAwait(false);
    }

    /// <summary>Releases the fence if it was not released yet; best effort, never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        if (!_released)
            await ReleaseQuietlyAsync().ConfigureAwait(false);
        _disposed = true;
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the expiry over from now, now that the answer is here; throws when the fence ended meanwhile.</summary>
    private async Task RenewAsync(string state, string what, CancellationToken ct)
    {
        if (!await FenceStore.RenewAsync(_connection, _task, _id, state, _expiry, ct).ConfigureAwait(false))
        {
            _released = true;
            throw await NoLongerHeldAsync(what, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Polls the fence's row until it reaches <paramref name="state"/>; null on a timeout; throws when it ended.</summary>
    private static async Task<FenceRow?> AwaitAnswerAsync(MySqlConnection connection, string task, long id, string state, TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var row = await FenceStore.ReadAsync(connection, task, id, ct).ConfigureAwait(false);
            if (row is null || row.State is FenceState.Expired or FenceState.Release)
            {
                throw new TandemException(
                    $"fence {id} of task '{task}' on {connection.Options.DisplayName} ended before the task answered ({(row is null ? "its row was removed" : $"it is '{row.State}'")})",
                    "another verifier may be using the task, or the fence expired: verify again");
            }

            if (row.State == state)
                return row;
            if (waited.Elapsed >= timeout)
                return null;
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<TandemException> NoLongerHeldAsync(string what, CancellationToken ct)
    {
        var row = await FenceStore.ReadAsync(_connection, _task, _id, ct).ConfigureAwait(false);
        var why = row switch
        {
            null => "its row was removed",
            { State: FenceState.Expired } => "it expired, and the task resumed its apply",
            { ExpiresIn.Ticks: <= 0 } => "it expired, so the task resumes its apply by itself",
            _ => $"it is '{row.State}'",
        };
        return new TandemException(
            $"fence {_id} of task '{_task}' on {_target.DisplayName} {what}: {why}",
            "snapshots of the target opened after the task resumed are not at the fence's position; verify again, with a longer expiry if the verifier is slow");
    }

    private async Task ReleaseQuietlyAsync()
    {
        _released = true;
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await FenceStore.EndAsync(_connection, _task, _id, FenceState.Release, unexpired: false, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposal must not throw, and the fence expires by itself.
        }
    }

    private static async Task RemoveQuietlyAsync(MySqlConnection connection, string task, long id)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await FenceStore.DeleteAsync(connection, task, id, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TandemException or OperationCanceledException)
        {
            // The runner gives up a fence whose row it cannot see, or lets it expire.
        }
    }
}
