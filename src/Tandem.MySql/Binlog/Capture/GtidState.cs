using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The GTIDs executed up to the current transaction, in the source's flavour: MariaDB's per-domain position or a
/// MySQL GTID set. Unknown (null) when the stream started at a file offset of a MySQL server, whose executed set at an
/// arbitrary offset cannot be asked for.
/// </summary>
internal sealed class GtidState
{
    private MariaDbGtidPosition? _mariaDb;
    private MySqlGtidSet? _mySql;

    public static GtidState ForMariaDb(string? position) => new() { _mariaDb = position is null ? null : MariaDbGtidPosition.Parse(position) };

    public static GtidState ForMySql(string? set) => new() { _mySql = set is null ? null : MySqlGtidSet.Parse(set) };

    public string? Current => _mariaDb?.ToString() ?? _mySql?.ToString();

    /// <summary>Records the transaction a GTID event opens; returns that transaction's own GTID.</summary>
    public string? Apply(BinlogEvent gtidEvent)
    {
        switch (gtidEvent)
        {
            case MariaDbGtidEvent maria:
                if (_mariaDb is not null)
                    _mariaDb = _mariaDb.Apply(maria.Domain, maria.ServerId, maria.Sequence);
                return maria.Gtid;
            case MySqlGtidEvent { IsAnonymous: true }:
                return null;
            case MySqlGtidEvent mysql:
                if (_mySql is not null)
                    _mySql = _mySql.Add(mysql.SourceId, mysql.Tag, mysql.Sequence);
                return mysql.Gtid;
            default:
                return null;
        }
    }

    /// <summary>A GTID_LIST at the start of a MariaDB file gives the state there, when it was not known yet.</summary>
    public void Observe(MariaDbGtidListEvent list)
    {
        if (_mariaDb is not null || _mySql is not null)
            return;
        var position = MariaDbGtidPosition.Empty;
        foreach (var (domain, server, sequence) in list.Gtids)
            position = position.Apply(domain, server, sequence);
        _mariaDb = position;
    }
}
