using System.Globalization;
using Tandem.Core.Model;
using Tandem.MySql.Meta;
using Tandem.MySql.Sink.Links;

namespace Tandem.MySql.Links;

/// <summary>
/// Tells a link's captured transactions apart: those the link applied on this server (they bump a mark row of its
/// channel in the same transaction; DDL carries the channel's marker comment; on MariaDB the events may also carry the
/// skip_replication tag) are never forwarded, so nothing loops, in a pair or a mesh: every server's capture forwards
/// only what originated on that server.
/// </summary>
public sealed class LoopGuard
{
    private readonly long _channel;
    private readonly string _ddlMarker;
    private readonly bool _trustNativeTag;
    private readonly bool _forwardDdl;

    /// <param name="trustNativeTag">Transactions tagged skip_replication are the link's own (origin_tagging: auto).</param>
    /// <param name="forwardDdl">The direction replicates DDL (ddl: true).</param>
    public LoopGuard(long channel, bool trustNativeTag, bool forwardDdl)
    {
        _channel = channel;
        _ddlMarker = SinkLinkOptions.DdlMarkerOf(channel);
        _trustNativeTag = trustNativeTag;
        _forwardDdl = forwardDdl;
    }

    /// <summary>The verdict, and for <see cref="LoopVerdict.ForeignDdl"/> the statement to report.</summary>
    public async ValueTask<(LoopVerdict Verdict, string? Statement)> ClassifyAsync(Transaction transaction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (_trustNativeTag && transaction.OriginTagged)
            return (LoopVerdict.Replicated, null);

        string? foreignDdl = null;
        await foreach (var change in transaction.ReadChangesAsync(ct).ConfigureAwait(false))
        {
            if (change is DdlChange ddl)
            {
                if (ddl.Statement.Contains(_ddlMarker, StringComparison.Ordinal))
                    return (LoopVerdict.Replicated, null);
                if (!_forwardDdl)
                    foreignDdl ??= ddl.Statement;
                continue;
            }

            // DDL comes first in a transaction, and mark rows are there only where the capture saw them: no need to
            // decode the rows of any other transaction.
            if (!transaction.CarriesLinkRows)
                break;
            if (change is RowChange row && LinkMetaTables.IsMark(row.Table) && CarriesChannel(row))
                return (LoopVerdict.Replicated, null);
        }

        return foreignDdl is null ? (LoopVerdict.Forward, null) : (LoopVerdict.ForeignDdl, foreignDdl);
    }

    private bool CarriesChannel(RowChange row) =>
        Channel(row.After) == _channel || Channel(row.Before) == _channel;

    private static long? Channel(object?[]? image) =>
        image?[LinkMetaTables.MarkChannel] is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
}
