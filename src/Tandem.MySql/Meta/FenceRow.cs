using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Meta;

/// <summary>
/// One row of <c>tandem_meta.fence</c> as read: <paramref name="Source"/> is the position the verifier asked to advance
/// to, <paramref name="Applied"/> the checkpoint the runner answered with, and <paramref name="ExpiresIn"/> the time
/// left until expires_at by the target's clock (negative once past), so no two machines' clocks are compared.
/// </summary>
internal sealed record FenceRow(long Id, string State, BinlogFilePosition? Source, BinlogPosition? Applied, TimeSpan ExpiresIn);
