using Microsoft.Extensions.Logging;
using Tandem.Core.Replication;
using Tandem.MySql.Sink.Links;

namespace Tandem.Cli.Run.Links;

/// <summary>
/// One direction's heartbeats as they commit on its target: the end-to-end lag of each (written on the origin to applied
/// on the target, capture and sink included), and a stall when none arrives for longer than the link allows, which
/// catches a stuck sink that would otherwise look consistent.
/// </summary>
internal sealed class HeartbeatMonitor
{
    private const int MaxSamples = 1 << 20;

    private readonly string _direction;
    private readonly ReplicationMetrics _metrics;
    private readonly StallWatch _stall;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    // When the direction was first seen streaming (UTC ticks; 0 before): written by the watch, read by writer threads.
    private long _watchedSinceTicks;
    private readonly List<double> _lags = [];

    public HeartbeatMonitor(string direction, ReplicationMetrics metrics, TimeSpan stallAfter, TimeProvider clock, ILogger logger)
    {
        _direction = direction;
        _metrics = metrics;
        _stall = new StallWatch(stallAfter);
        _clock = clock;
        _logger = logger;
    }

    /// <summary>True while no heartbeat arrived for longer than the stall limit.</summary>
    public bool Stalled => _stall.Stalled;

    public void Arrived(HeartbeatArrival arrival)
    {
        var now = _clock.GetUtcNow();
        var lag = now - arrival.WrittenAt;
        _metrics.HeartbeatArrived(lag, now);

        // The summary describes the streaming direction: a beat written before it streamed measures its start-up.
        var since = Interlocked.Read(ref _watchedSinceTicks);
        if (since == 0 || arrival.WrittenAt.UtcTicks < since)
            return;
        lock (_lags)
        {
            if (_lags.Count < MaxSamples)
                _lags.Add(lag.TotalSeconds);
        }
    }

    /// <summary>Logs a stall when it starts and when it ends; call every second or so while the direction streams.</summary>
    public void Check()
    {
        var now = _clock.GetUtcNow();
        Interlocked.CompareExchange(ref _watchedSinceTicks, now.UtcTicks, 0);
        var watchedSince = new DateTimeOffset(Interlocked.Read(ref _watchedSinceTicks), TimeSpan.Zero);
        var last = _metrics.LastHeartbeatAt is { } arrived && arrived > watchedSince ? arrived : watchedSince;
        var silent = now - last;
        var change = _stall.Observe(silent);
        if (change is null)
            return;
        _metrics.HeartbeatStalled = change.Value;
        if (change.Value)
        {
            _logger.LogWarning(
                "link direction {Direction} is stalled: no heartbeat applied for {Silent:F0}s (stall_after {Limit:F0}s); its target is not receiving the origin's changes",
                _direction, silent.TotalSeconds, _stall.StallAfter.TotalSeconds);
        }
        else
        {
            // A warning too, so whoever saw the stall in the default output also sees it end.
            _logger.LogWarning("link direction {Direction}: heartbeats arrive again (lag {Lag:F3}s)", _direction, _metrics.HeartbeatLag?.TotalSeconds ?? 0);
        }
    }

    /// <summary>Count, p50, p99 and max of the heartbeat lags seen, in seconds; null before any arrived.</summary>
    public (int Count, double P50, double P99, double Max)? Summary()
    {
        double[] lags;
        lock (_lags)
            lags = [.. _lags];
        if (lags.Length == 0)
            return null;
        Array.Sort(lags);
        return (lags.Length, Quantile(lags, 0.50), Quantile(lags, 0.99), lags[^1]);
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
