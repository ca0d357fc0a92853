using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Binlog.Compression;
using Tandem.MySql.Tests.Binlog.Events;
using Tandem.MySql.Tests.Fuzz;

namespace Tandem.MySql.Tests.Binlog.Capture;

/// <summary>
/// Whole MySQL 8 event streams, damaged (an event mutated, cut, dropped, repeated or moved), through the decoder, the
/// payload reader, the assembler and the lazy row decoding of each transaction: only MySqlExceptions escape, in bounded
/// time and memory.
/// </summary>
public sealed class CaptureFuzzTests
{
    private static readonly byte[][] StreamWithChecksums = MySql8Samples.Stream(checksums: true);
    private static readonly byte[][] StreamWithoutChecksums = MySql8Samples.Stream(checksums: false);

    private static async Task RunAsync(byte[][] events, bool checksums, bool spill = false)
    {
        await using var harness = new CaptureHarness(gtids: $"{MySql8Samples.Source:D}:1-10", checksums: checksums, memoryBudget: spill ? 0 : 1 << 20, fileName: MySql8Samples.File);
        foreach (var transaction in await harness.FeedAsync(events))
        {
            await using (transaction)
            {
                await foreach (var change in transaction.ReadChangesAsync())
                {
                    Assert.NotNull(change);
                }
            }
        }
    }

    [Fact]
    public async Task The_seed_streams_yield_every_transaction()
    {
        foreach (var checksums in new[] { true, false })
        {
            await using var harness = new CaptureHarness(gtids: $"{MySql8Samples.Source:D}:1-10", checksums: checksums, fileName: MySql8Samples.File);
            var transactions = await harness.FeedAsync(checksums ? StreamWithChecksums[2..] : StreamWithoutChecksums[2..]);
            Assert.Equal(5, transactions.Count);
            Assert.Equal(Tandem.MySql.Binlog.Positions.MySqlGtidSet.Parse($"{MySql8Samples.Source:D}:1-13,{MySql8Samples.Source:D}:tag:3").ToString(), transactions[^1].Position is Tandem.MySql.Binlog.Capture.BinlogPosition p ? p.Gtids : null);
            await RunAsync(checksums ? StreamWithChecksums[2..] : StreamWithoutChecksums[2..], checksums);
            await RunAsync(checksums ? StreamWithChecksums[2..] : StreamWithoutChecksums[2..], checksums, spill: true);
        }
    }

    private static Gen<byte[][]> Damaged(byte[][] stream, bool checksums)
    {
        var index = Gen.Choose(0, stream.Length - 1);
        var mutated =
            from i in index
            from raw in PayloadMutator.Mutants([stream[i]])
            from reseal in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
            select Replace(stream, i, reseal ? BinlogEventFuzzTests.Reseal(raw, checksums) : raw);
        var cut =
            from i in index
            from length in Gen.Choose(0, 10_000)
            select Replace(stream, i, stream[i][..(length % (stream[i].Length + 1))])[..(i + 1)];
        var dropped = from i in index select stream.Where((_, j) => j != i).ToArray();
        var repeated = from i in index select (byte[][])[.. stream[..(i + 1)], stream[i], .. stream[(i + 1)..]];
        var moved =
            from i in index
            from j in index
            select Swap(stream, i, j);
        return Gen.Frequency((6, mutated), (1, cut), (1, dropped), (1, repeated), (1, moved));
    }

    private static byte[][] Replace(byte[][] stream, int i, byte[] raw)
    {
        var copy = (byte[][])stream.Clone();
        copy[i] = raw;
        return copy;
    }

    private static byte[][] Swap(byte[][] stream, int i, int j)
    {
        var copy = (byte[][])stream.Clone();
        (copy[i], copy[j]) = (copy[j], copy[i]);
        return copy;
    }

    [Fact]
    public void Damaged_streams_end_in_a_MySqlException_or_transactions()
    {
        var cases =
            from checksums in Gen.Elements(true, false)
            from events in Damaged(checksums ? StreamWithChecksums[2..] : StreamWithoutChecksums[2..], checksums)
            from spill in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Checksums: checksums, Events: events, Spill: spill);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
            BoundedRun.Check("capturing a damaged stream", c.Events, () => RunAsync(c.Events, c.Checksums, c.Spill)));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), property);
    }

    [Fact]
    public void Payloads_with_damaged_inner_events_end_in_a_MySqlException_or_transactions()
    {
        var builder = new BinlogEventBuilder(checksums: true);
        var content = MySql8Samples.PayloadContent(builder);
        var cases =
            from inner in PayloadMutator.Mutants([content])
            from compressed in Gen.Elements(true, false)
            from declared in Gen.Frequency((4, Gen.Constant(inner.Length)), (1, Gen.Choose(0, 1 << 30)))
            select (Inner: inner, Compressed: compressed, Declared: (ulong)declared);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var b = new BinlogEventBuilder(checksums: true);
            var body = c.Compressed
                ? BinlogEventBuilder.TransactionPayloadBody(ZstdFrames.Compress(c.Inner), TransactionPayloadEvent.CompressionZstd, c.Declared)
                : BinlogEventBuilder.TransactionPayloadBody(c.Inner, TransactionPayloadEvent.CompressionNone, c.Declared);
            b.Rotate(MySql8Samples.File, 4, artificial: true);
            b.FormatDescription();
            byte[][] events = [b.Next(BinlogEventType.Gtid, BinlogEventBuilder.GtidBody(MySql8Samples.Source, 11)), b.Next(BinlogEventType.TransactionPayload, body)];
            BoundedRun.Check("capturing a payload with damaged inner events", events, () => RunAsync(events, checksums: true));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), property);
    }
}
