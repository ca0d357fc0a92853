using Tandem.Core.Model;

namespace Tandem.Core.Replication;

/// <summary>
/// The best estimate of when a source transaction committed. MariaDB and MySQL 5.7 stamp events in whole seconds, so
/// the stamp alone puts a lag of 0.2 s anywhere between 0 and 1.2 s. The moment the capture read the commit is a tight
/// bound when the capture keeps up, and never earlier than the commit: the estimate is that moment, clamped into
/// the stamped second. Sub-second stamps (MySQL 8's commit timestamps) are taken as they are.
/// </summary>
public static class LagClock
{
    public static DateTimeOffset EstimatedCommitTime(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var stamped = transaction.CommitTime;
        if (transaction.ObservedAt == default || stamped.UtcTicks % TimeSpan.TicksPerSecond != 0)
            return stamped;
        var latest = stamped.AddSeconds(1);
        var observed = transaction.ObservedAt;
        return observed < stamped ? stamped : observed > latest ? latest : observed;
    }
}
