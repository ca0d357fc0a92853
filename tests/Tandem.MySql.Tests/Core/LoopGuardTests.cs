using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tandem.Core.Model;
using Tandem.MySql.Links;
using Tandem.MySql.Meta;
using Tandem.MySql.Sink.Links;

namespace Tandem.MySql.Tests.Core;

public sealed class LoopGuardTests
{
    private static readonly TableSchema Mark = LinkMetaTables.SchemaOf("tandem_meta", "mark")!;
    private static readonly TableSchema Data = new() { Database = "app", Name = "t", Columns = [new ColumnSchema { Name = "id", DataType = "int", ColumnType = "int" }] };

    [Fact]
    public async Task ATransactionBumpingItsChannelsMarkWasAppliedByTheLink()
    {
        var guard = new LoopGuard(7, trustNativeTag: false, forwardDdl: true);
        var applied = new ListTransaction(links: true, [Row(Data, 1), MarkRow(7)]);
        var otherLink = new ListTransaction(links: true, [Row(Data, 1), MarkRow(8)]);
        Assert.Equal(LoopVerdict.Replicated, (await guard.ClassifyAsync(applied, default)).Verdict);
        Assert.Equal(LoopVerdict.Forward, (await guard.ClassifyAsync(otherLink, default)).Verdict);
    }

    [Fact]
    public async Task OnlyTransactionsTheCaptureSawLinkRowsInAreDecodedForMarks()
    {
        // A mark row the capture did not flag cannot be there; the guard stops at the first row.
        var guard = new LoopGuard(7, trustNativeTag: false, forwardDdl: true);
        var unflagged = new ListTransaction(links: false, [Row(Data, 1), MarkRow(7)]);
        Assert.Equal(LoopVerdict.Forward, (await guard.ClassifyAsync(unflagged, default)).Verdict);
        Assert.Equal(1, unflagged.Read);
    }

    [Fact]
    public async Task DdlIsTheLinksWhenMarkedAndForeignWhereDdlDoesNotFlow()
    {
        var owning = new LoopGuard(7, trustNativeTag: false, forwardDdl: true);
        var other = new LoopGuard(7, trustNativeTag: false, forwardDdl: false);
        var marked = new ListTransaction(links: false, [new DdlChange("app", $"{SinkLinkOptions.DdlMarkerOf(7)} ALTER TABLE t ADD c INT", "t")]);
        var plain = new ListTransaction(links: false, [new DdlChange("app", "ALTER TABLE t ADD c INT", "t")]);
        var otherChannel = new ListTransaction(links: false, [new DdlChange("app", $"{SinkLinkOptions.DdlMarkerOf(70)} ALTER TABLE t ADD c INT", "t")]);

        Assert.Equal(LoopVerdict.Replicated, (await other.ClassifyAsync(marked, default)).Verdict);
        Assert.Equal(LoopVerdict.Forward, (await owning.ClassifyAsync(plain, default)).Verdict);
        Assert.Equal((LoopVerdict.ForeignDdl, "ALTER TABLE t ADD c INT"), await other.ClassifyAsync(plain, default));
        Assert.Equal(LoopVerdict.ForeignDdl, (await other.ClassifyAsync(otherChannel, default)).Verdict);
    }

    [Fact]
    public async Task TheNativeTagCountsOnlyWhenTrusted()
    {
        var tagged = new ListTransaction(links: false, [Row(Data, 1)]) { OriginTagged = true };
        Assert.Equal(LoopVerdict.Replicated, (await new LoopGuard(7, trustNativeTag: true, forwardDdl: true).ClassifyAsync(tagged, default)).Verdict);
        Assert.Equal(LoopVerdict.Forward, (await new LoopGuard(7, trustNativeTag: false, forwardDdl: true).ClassifyAsync(tagged, default)).Verdict);
    }

    private static RowChange Row(TableSchema table, int id) => new(table, ChangeKind.Insert, null, [id]);

    private static RowChange MarkRow(long channel) => new(Mark, ChangeKind.Update, [(uint)channel, "t", 0, "a", 1UL], [(uint)channel, "t", 0, "a", 2UL]);

    private sealed class ListTransaction : Transaction
    {
        private readonly IReadOnlyList<Change> _changes;

        [SetsRequiredMembers]
        public ListTransaction(bool links, IReadOnlyList<Change> changes)
        {
            _changes = changes;
            CarriesLinkRows = links;
            Position = new Tandem.MySql.Binlog.Capture.BinlogPosition("mariadb-bin.000001", 4, null);
            CommitTime = DateTimeOffset.UnixEpoch;
        }

        public int Read { get; private set; }

        public override async IAsyncEnumerable<Change> ReadChangesAsync([EnumeratorCancellation] CancellationToken ct = default)
        {
            foreach (var change in _changes)
            {
                Read++;
                yield return change;
            }

            await Task.CompletedTask;
        }
    }
}
