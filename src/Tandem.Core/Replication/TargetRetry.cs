using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;

namespace Tandem.Core.Replication;

/// <summary>
/// How a task's operations on its target wait out the target's transient errors (<see cref="TandemException.IsTransient"/>:
/// a restart, a lost connection, read-only mode, a lost lock conflict). Each retrying loop takes its own
/// <see cref="TargetAttempts"/>: it backs off from 0.1 s doubling to 5 s, for at most <see cref="Window"/> from its first
/// failure, then gives up with one error. While any loop is failing the task is waiting for its target: the metrics
/// say so with the last error, and the log says so once when the wait begins and once when it ends. One instance per
/// task, shared by its writers and its other target connections; thread-safe.
/// </summary>
public sealed class TargetRetry
{
    /// <summary>As long as the capture keeps reconnecting to a source (README, *Failures*).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    internal static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AftermathGrace = TimeSpan.FromSeconds(30);

    private readonly ReplicationMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private int _failing;
    private DateTimeOffset _since;
    private DateTimeOffset? _answeredAt;
    private bool _told;

    /// <param name="target">The target as messages name it (a URI without its password).</param>
    public TargetRetry(string target, ReplicationMetrics? metrics, ILogger logger, TimeSpan? window = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Target = target;
        _metrics = metrics;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        Window = window ?? DefaultWindow;
    }

    public string Target { get; }

    /// <summary>How long one operation may keep failing before the task gives up on the target.</summary>
    public TimeSpan Window { get; }

    /// <summary>True while some operation is waiting for the target.</summary>
    public bool Waiting
    {
        get
        {
            lock (_gate)
                return _failing > 0;
        }
    }

    /// <summary>Starts the attempts of one operation (a writer's batch, a checkpoint write); dispose them when it is done.</summary>
    /// <param name="what">What is retried, for the debug log: "writer 2", "the checkpoint".</param>
    public TargetAttempts Start(string what) => new(this, what, new RetryBackoff(FirstDelay, MaxDelay, Window, _clock));

    /// <summary>Runs <paramref name="operation"/> until it succeeds, fails for good, or is cancelled.</summary>
    /// <param name="afterFailure">Runs after each transient failure, before the wait (e.g. a rollback).</param>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken ct, Func<Task>? afterFailure = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using var attempts = Start(what);
        while (true)
        {
            try
            {
                var result = await operation(ct).ConfigureAwait(false);
                attempts.Succeeded();
                return result;
            }
            catch (TandemException ex) when (ex.IsTransient && !ct.IsCancellationRequested)
            {
                if (afterFailure is not null)
                    await afterFailure().ConfigureAwait(false);
                attempts.Failed(ex);
                await attempts.WaitAsync(ct).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> operation, CancellationToken ct, Func<Task>? afterFailure = null) =>
        RunAsync(what, async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, ct, afterFailure);

    internal void Failing(bool first, string what, TandemException error, TimeSpan delay)
    {
        var reason = OneLine(error.Message);
        bool tell;
        DateTimeOffset since;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            tell = false;
            if (first && _failing++ == 0)
            {
                _since = now;

                // Connections opened before an outage find out one by one, on their next use, that the server they knew is
                // gone: shortly after the target answered again, that is the same outage's tail, not news.
                tell = _answeredAt is not { } answered || now - answered > AftermathGrace;
                _told = tell;
            }

            since = _since;
        }

        _metrics?.TargetFailing(since, reason);
        if (tell)
        {
            _logger.LogWarning(
                "waiting for target {Target}: {Reason}; retrying with backoff for up to {Window}", Target, reason, Describe(Window));
        }

        _logger.LogDebug("{What}: {Reason}; retrying in {Delay}", what, reason, delay);
    }

    /// <summary>One operation's failures ended: by success (<paramref name="recovered"/>), or because it gave up or stopped.</summary>
    internal void Ended(bool recovered)
    {
        TimeSpan waited;
        bool told;
        lock (_gate)
        {
            if (--_failing > 0)
                return;
            var now = _clock.GetUtcNow();
            waited = now - _since;
            told = _told;
            if (recovered)
                _answeredAt = now;
        }

        _metrics?.TargetAnswers();
        if (recovered && told)
            _logger.LogWarning("target {Target} answers again after {Waited:0.0} s of waiting", Target, waited.TotalSeconds);
        else if (recovered)
            _logger.LogDebug("target {Target} answers again after {Waited:0.0} s", Target, waited.TotalSeconds);
    }

    internal TandemException GiveUp(TandemException error) => new(
        $"gave up waiting for the target {Target} after {Describe(Window)}: {error.Message}",
        "check that the target is up and takes Tandem's writes (not read-only), then run the task again: it resumes from its checkpoint",
        error);

    /// <summary>A window as people say it: 10 min, 90 s.</summary>
    internal static string Describe(TimeSpan window) =>
        window >= TimeSpan.FromMinutes(1) && window.Seconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:0.#} s");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
