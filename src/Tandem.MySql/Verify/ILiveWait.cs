using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Verify;

/// <summary>
/// On a live pair, waits until the target has had the chance to apply what the source held when rows were read there:
/// until the replicating task's checkpoint passes that source position, or for a fixed lag bound.
/// </summary>
internal interface ILiveWait
{
    Task WaitAsync(BinlogFilePosition sourcePosition, CancellationToken ct);
}
