namespace Tandem.MySql.Binlog.Positions;

/// <summary>
/// A run of transaction numbers of one GTID source, <c>[Start, End)</c>: the end is exclusive, as in the server's
/// <c>Gtid_set::Interval</c> (sql/rpl_gtid.h) and on the wire; the text form <c>1-5</c> is inclusive.
/// </summary>
internal readonly record struct GtidInterval(long Start, long End)
{
    public long Last => End - 1;
}
