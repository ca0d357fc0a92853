using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Verify;

/// <summary>Without a task to ask, a live pair is given a fixed time (<c>--lag-bound</c>) to apply what the source had.</summary>
internal sealed class LagBoundWait(TimeSpan bound) : ILiveWait
{
    public Task WaitAsync(BinlogFilePosition sourcePosition, CancellationToken ct) => Task.Delay(bound, ct);
}
