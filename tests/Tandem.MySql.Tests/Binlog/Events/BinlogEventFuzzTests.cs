using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Checksums;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Tests.Binlog.Builders;
using Tandem.MySql.Tests.Fuzz;

namespace Tandem.MySql.Tests.Binlog.Events;

/// <summary>
/// Every MySQL 8 event type, damaged and cut short, through the decoder (and a payload's inner events through the payload
/// reader): each decodes or is a BinlogCorruptException naming file:offset, within a time and an allocation bound.
/// </summary>
public sealed class BinlogEventFuzzTests
{
    private static readonly byte[][] WithChecksums = MySql8Samples.SingleEvents(checksums: true);
    private static readonly byte[][] WithoutChecksums = MySql8Samples.SingleEvents(checksums: false);

    /// <summary>Makes a damaged event pass framing: the header's size set to the length, the CRC32 recomputed.</summary>
    internal static byte[] Reseal(byte[] raw, bool checksums)
    {
        if (raw.Length < 19)
        {
            return raw;
        }

        var copy = (byte[])raw.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(9), (uint)copy.Length);
        if ((checksums || copy[4] == (byte)BinlogEventType.FormatDescription) && copy.Length >= 23)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), System.IO.Hashing.Crc32.HashToUInt32(copy.AsSpan(0, copy.Length - 4)));
        }

        return copy;
    }

    private static async Task DecodeAsync(byte[] raw, bool checksums)
    {
        var builder = new BinlogEventBuilder(checksums);
        var decoder = new BinlogEventDecoder(MySql8Samples.File, 4, checksums ? BinlogChecksum.Crc32 : BinlogChecksum.None);
        decoder.Decode(builder.Rotate(MySql8Samples.File, 4, artificial: true));
        decoder.Decode(builder.FormatDescription());
        var ev = decoder.Decode(raw);
        if (ev is TransactionPayloadEvent payload)
        {
            await foreach (var inner in TransactionPayloadReader.ReadAsync(decoder.ForPayload(payload), payload, CancellationToken.None))
            {
                Assert.NotNull(inner);
            }
        }
    }

    [Fact]
    public void The_seeds_decode()
    {
        foreach (var checksums in new[] { true, false })
        {
            var seeds = checksums ? WithChecksums : WithoutChecksums;

            // The last seed is an unknown type without the ignorable flag, which must be refused.
            foreach (var raw in seeds[..^1])
            {
                DecodeAsync(raw, checksums).GetAwaiter().GetResult();
            }
        }
    }

    [Fact]
    public void Every_truncation_of_every_event_is_corrupt_or_decodes()
    {
        foreach (var checksums in new[] { true, false })
        {
            foreach (var seed in checksums ? WithChecksums : WithoutChecksums)
            {
                for (var length = 0; length < seed.Length; length++)
                {
                    var cut = seed[..length];
                    BoundedRun.Check("decoding a truncated event", [cut], () => DecodeAsync(cut, checksums), strict: true);
                    var sealedCut = Reseal(cut, checksums);
                    BoundedRun.Check("decoding a truncated, resealed event", [sealedCut], () => DecodeAsync(sealedCut, checksums), strict: true);
                }
            }
        }
    }

    [Fact]
    public void Mutated_events_are_corrupt_or_decode()
    {
        var cases =
            from checksums in Gen.Elements(true, false)
            from raw in PayloadMutator.Mutants(checksums ? WithChecksums : WithoutChecksums)
            from reseal in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
            select (Checksums: checksums, Raw: reseal ? Reseal(raw, checksums) : raw);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
            BoundedRun.Check("decoding a mutated event", [c.Raw], () => DecodeAsync(c.Raw, c.Checksums), strict: true));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), property);
    }
}
