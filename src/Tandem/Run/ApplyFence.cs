using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Sink;

namespace Tandem.Cli.Run;

/// <summary>
/// The runner's side of <see cref="TaskFence"/>: stands between the change stream and the sink, and follows the task's
/// row in <c>tandem_meta.fence</c> on its own target connection. Submissions pass through <see cref="SubmitAsync"/>; a
/// watcher polls the row, and it alone flushes the sink and answers, under the same lock as a gate check and its
/// submission, so an answer never races a transaction half handed to the sink. The fence never fails the task: an
/// unreadable row is retried, and a fence whose expiry passed is let go.
/// </summary>
internal sealed class ApplyFence : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    private readonly MySqlConnectionOptions _target;
    private readonly string _task;
    private readonly MySqlSink _sink;
    private readonly BinlogCapture _capture;
    private readonly ILogger _logger;
    private readonly FenceGate _gate = new();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MySqlConnection? _connection;
    private TimeSpan _closedAt;
    private bool _unreadable;

    public ApplyFence(MySqlConnectionOptions target, string task, MySqlSink sink, BinlogCapture capture, ILogger logger)
    {
        _target = target with { Database = null };
        _task = task;
        _sink = sink;
        _capture = capture;
        _logger = logger;
    }

    /// <summary>Reads the fence once before the first submission: a restarted runner must not apply past a fence it was holding.</summary>
    public Task StartAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>Submits <paramref name="transaction"/> to the sink once the fence lets it through.</summary>
    public async ValueTask SubmitAsync(Transaction transaction, CancellationToken ct)
    {
        var at = (BinlogPosition)transaction.Position;
        var position = at.FilePosition;
        while (true)
        {
            Task changed;
            await _lock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (_gate.MaySubmit(position))
                {
                    await _sink.SubmitAsync(transaction, ct).ConfigureAwait(false);
                    _gate.Submitted(position);
                    return;
                }

                _gate.Stop(position);
                changed = _changed.Task;
            }
            finally
            {
                _lock.Release();
            }

            await changed.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Polls the fence until <paramref name="ct"/> is cancelled or the sink failed (the runner reports that).</summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false) && _sink.Failure is null)
                await TickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var (read, row) = await TryReadAsync(ct).ConfigureAwait(false);
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var holding = _gate.FenceId is not null;
            var decision = read ? _gate.Observe(row, _clock.Elapsed) : _gate.IsPastDeadline(_clock.Elapsed) ? _gate.Lapse() : default;
            await ActAsync(decision, holding, ct).ConfigureAwait(false);
            var caughtUpTo = _capture.CaughtUpTo is { } heartbeat ? new BinlogFilePosition(heartbeat.File, heartbeat.Offset) : (BinlogFilePosition?)null;
            if (_gate.IsComplete(caughtUpTo) && _connection is not null)
                await AnswerAsync(ct).ConfigureAwait(false);
        }
        catch (TandemException ex) when (!ct.IsCancellationRequested)
        {
            // A sink failure is the runner's to report; a lost connection is retried on the next tick.
            if (_sink.Failure is null)
                await ForgetConnectionAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ActAsync(FenceDecision decision, bool holding, CancellationToken ct)
    {
        switch (decision.Action)
        {
            case FenceAction.Pause:
                _closedAt = _clock.Elapsed;
                _logger.LogInformation("task {Task}: fence {Fence} pauses apply after {Position}", _task, decision.Id, _gate.LastSubmitted?.ToString() ?? "the start");
                break;
            case FenceAction.Advance:
                if (!holding)
                    _closedAt = _clock.Elapsed;
                _logger.LogInformation("task {Task}: fence {Fence} advances apply {Reason}", _task, decision.Id, decision.Reason);
                Signal();
                break;
            case FenceAction.Release:
                _logger.LogInformation("task {Task}: fence {Fence} ended ({Reason}); apply resumes after {Held:0.000} s held", _task, decision.Id, decision.Reason, Held());
                Signal();
                break;
            case FenceAction.Expire:
                await MarkExpiredAsync(decision.Id, ct).ConfigureAwait(false);
                if (holding)
                    _logger.LogWarning("task {Task}: fence {Fence} expired ({Reason}); apply resumes after {Held:0.000} s held", _task, decision.Id, decision.Reason, Held());
                else
                    _logger.LogWarning("task {Task}: fence {Fence} ignored ({Reason})", _task, decision.Id, decision.Reason);
                Signal();
                break;
            case FenceAction.Refuse:
                await MarkExpiredAsync(decision.Id, ct).ConfigureAwait(false);
                _logger.LogWarning("task {Task}: fence {Fence} marked expired: {Reason}", _task, decision.Id, decision.Reason);
                break;
        }
    }

    /// <summary>Flushes the sink and answers the fence with the checkpoint: everything up to it, and nothing after, is committed.</summary>
    private async Task AnswerAsync(CancellationToken ct)
    {
        var (from, to) = _gate.Answer;
        await _sink.FlushAsync(ct).ConfigureAwait(false);
        var checkpoint = _sink.Checkpoint;
        if (!await FenceStore.AnswerAsync(_connection!, _task, _gate.FenceId!.Value, from, to, checkpoint, ct).ConfigureAwait(false))
            return;
        if (_gate.Phase == FencePhase.Pausing)
        {
            _logger.LogInformation(
                "task {Task}: fence {Fence} paused apply at {Checkpoint} in {Elapsed:0.000} s", _task, _gate.FenceId, checkpoint?.ToString() ?? "the start", Held());
        }
        else
        {
            _logger.LogInformation(
                "task {Task}: fence {Fence} holds apply at {Checkpoint} for source position {Target} ({Held:0.000} s since the pause)",
                _task, _gate.FenceId, checkpoint?.ToString() ?? "the start", _gate.Target, Held());
        }

        _gate.Answered();
    }

    private async Task MarkExpiredAsync(long id, CancellationToken ct)
    {
        if (_connection is null)
            return;
        try
        {
            await FenceStore.EndAsync(_connection, _task, id, FenceState.Expired, unexpired: false, ct).ConfigureAwait(false);
        }
        catch (TandemException ex) when (!ct.IsCancellationRequested)
        {
            // The gate opens anyway: an expired fence holds nothing, marked or not.
            await ForgetConnectionAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>The newest fence row; (false, null) when it cannot be read now.</summary>
    private async Task<(bool Read, FenceRow? Row)> TryReadAsync(CancellationToken ct)
    {
        try
        {
            _connection ??= await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
            var row = await FenceStore.ReadNewestAsync(_connection, _task, _gate.FenceId, ct).ConfigureAwait(false);
            if (_unreadable)
            {
                _unreadable = false;
                _logger.LogInformation("task {Task}: reading fences on {Target} again", _task, _target.DisplayName);
            }

            return (true, row);
        }
        catch (TandemException ex) when (!ct.IsCancellationRequested)
        {
            await ForgetConnectionAsync(ex).ConfigureAwait(false);
            return (false, null);
        }
    }

    /// <summary>Drops the fence connection after an error (the next tick opens a new one), warning once per outage.</summary>
    private async Task ForgetConnectionAsync(TandemException error)
    {
        if (!_unreadable)
        {
            _unreadable = true;
            _logger.LogWarning("task {Task}: cannot follow fences on {Target}: {Reason}; retrying", _task, _target.DisplayName, error.Message);
        }

        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private double Held() => (_clock.Elapsed - _closedAt).TotalSeconds;

    /// <summary>Wakes a submission waiting at the gate to check it again.</summary>
    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
