namespace Tandem.Core.Verify;

/// <summary>
/// Keeps the rows read per second at or under a limit (<c>--max-rate</c>), shared by all workers: each takes its rows
/// before reading them and waits until the limit allows them. A limit of zero means none.
/// </summary>
public sealed class RowRateLimiter
{
    private readonly double _rowsPerSecond;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly long _start;
    private double _granted;

    public RowRateLimiter(double rowsPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowsPerSecond);
        _rowsPerSecond = rowsPerSecond;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
    }

    public bool IsLimited => _rowsPerSecond > 0;

    /// <summary>How long the caller must wait before reading <paramref name="rows"/> more rows.</summary>
    public TimeSpan Reserve(long rows)
    {
        if (!IsLimited || rows <= 0)
            return TimeSpan.Zero;
        lock (_gate)
        {
            var elapsed = _time.GetElapsedTime(_start).TotalSeconds;
            // Idle time does not bank an unlimited burst: at most one second's worth.
            if (_granted < (elapsed - 1) * _rowsPerSecond)
                _granted = (elapsed - 1) * _rowsPerSecond;
            var due = _granted / _rowsPerSecond;
            _granted += rows;
            return due > elapsed ? TimeSpan.FromSeconds(due - elapsed) : TimeSpan.Zero;
        }
    }

    public async Task WaitAsync(long rows, CancellationToken ct)
    {
        var wait = Reserve(rows);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
    }
}
