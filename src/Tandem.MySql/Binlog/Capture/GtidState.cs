using Tandem.MySql.Binlog.Errors;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// The GTIDs executed up to the current transaction, in the source's flavour: MariaDB's per-domain position or a
/// MySQL GTID set. Unknown (null) when the stream started at a file offset of a MySQL server, whose executed set at an
/// arbitrary offset cannot be asked for, until the stream reaches the start of a file: its PREVIOUS_GTIDS is the set
/// before the file, exact when the source runs with gtid_mode=ON.
/// </summary>
internal sealed class GtidState
{
    private MariaDbGtidPosition? _mariaDb;
    private MySqlGtidSet? _mySql;
    private bool _learnFromFiles;

    public static GtidState ForMariaDb(string? position) => new() { _mariaDb = position is null ? null : MariaDbGtidPosition.Parse(position) };

    /// <param name="set">The executed set at the start, when known.</param>
    /// <param name="learnFromFiles">
    /// When the set is unknown, take it from the next PREVIOUS_GTIDS. Only with gtid_mode=ON: in the permissive modes
    /// anonymous transactions sit between GTID ones, and a GTID set would not say where the stream is.
    /// </param>
    public static GtidState ForMySql(string? set, bool learnFromFiles = false) =>
        new() { _mySql = set is null ? null : MySqlGtidSet.Parse(set), _learnFromFiles = learnFromFiles };

    public string? Current => _mariaDb?.ToString() ?? _mySql?.ToString();

    /// <summary>The GTID of the transaction a GTID event opens, or null for an anonymous one.</summary>
    public static string? Describe(BinlogEvent gtidEvent) => gtidEvent switch
    {
        MariaDbGtidEvent maria => maria.Gtid,
        MySqlGtidEvent { IsAnonymous: false } mysql => mysql.Gtid,
        _ => null,
    };

    /// <summary>Records the transaction a GTID event opened, once it has committed; returns that transaction's own GTID.</summary>
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

    /// <summary>
    /// A PREVIOUS_GTIDS at the start of a MySQL file gives the set there, when it was not known yet. The server sends it
    /// only when the stream reads the file from its start (it is the file's second event), so it is never stale.
    /// </summary>
    public void Observe(PreviousGtidsEvent previous)
    {
        if (!_learnFromFiles || _mySql is not null || _mariaDb is not null || previous.Header.IsArtificial || previous.Header.NextPosition == 0)
            return;
        try
        {
            _mySql = MySqlGtidSet.Decode(previous.EncodedSet);
        }
        catch (BinlogPositionFormatException ex)
        {
            throw new BinlogCorruptException(previous.Position, $"malformed PREVIOUS_GTIDS event: {ex.Message}", inner: ex);
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
