using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Filtering;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Schema;
using Tandem.MySql.Tests.Binlog.Builders;

namespace Tandem.MySql.Tests.Binlog.Capture;

/// <summary>
/// The event path of <see cref="BinlogCapture"/> without a server: raw events through the decoder, TRANSACTION_PAYLOAD
/// expanded by <see cref="TransactionPayloadReader"/>, everything fed to the <see cref="TransactionAssembler"/>, with a
/// schema tracker that starts from a given catalog. Starts the stream with the artificial ROTATE and the format description.
/// </summary>
internal sealed class CaptureHarness : IAsyncDisposable
{
    public const string File = "binlog.000003";

    private readonly string _spill = Path.Combine(Path.GetTempPath(), $"tandem-harness-{Guid.NewGuid():N}");

    public CaptureHarness(SchemaCatalog? catalog = null, string? gtids = null, bool checksums = true, long memoryBudget = 1 << 20, string fileName = File)
    {
        Builder = new BinlogEventBuilder(checksums);
        Decoder = new BinlogEventDecoder(fileName, 4, checksums ? BinlogChecksum.Crc32 : BinlogChecksum.None);
        Schema = new SchemaTracker(catalog ?? EmptyShop(), NullLogger.Instance);
        Gtids = GtidState.ForMySql(gtids);
        Assembler = new TransactionAssembler(TableFilter.All, Schema, new TableMappingResolver(Schema, isMariaDb: false), Gtids, memoryBudget, _spill);
        Decoder.Decode(Builder.Rotate(fileName, 4, artificial: true));
        Decoder.Decode(Builder.FormatDescription());
    }

    public BinlogEventBuilder Builder { get; }

    public BinlogEventDecoder Decoder { get; }

    public SchemaTracker Schema { get; }

    public GtidState Gtids { get; }

    public TransactionAssembler Assembler { get; }

    /// <summary>A MySQL 8.4 catalog with the database "shop" and no tables.</summary>
    public static SchemaCatalog EmptyShop() =>
        SchemaCatalog.Empty(new SchemaCatalogOptions { IsMariaDb = false }).WithDatabase("shop", "utf8mb4", "utf8mb4_0900_ai_ci");

    /// <summary>Feeds raw events as BinlogCapture.AcceptAsync does; returns the transactions they completed.</summary>
    public async Task<List<BinlogTransaction>> FeedAsync(params byte[][] events)
    {
        var done = new List<BinlogTransaction>();
        foreach (var raw in events)
        {
            var ev = Decoder.Decode(raw);
            if (ev is TransactionPayloadEvent payload)
            {
                await foreach (var inner in TransactionPayloadReader.ReadAsync(Decoder.ForPayload(payload), payload, CancellationToken.None))
                {
                    if (await Assembler.AcceptAsync(inner, CancellationToken.None) is { } transaction)
                    {
                        done.Add(transaction);
                    }
                }

                continue;
            }

            if (ev is HeartbeatEvent)
            {
                continue;
            }

            if (await Assembler.AcceptAsync(ev, CancellationToken.None) is { } completed)
            {
                done.Add(completed);
            }
        }

        return done;
    }

    public async ValueTask DisposeAsync()
    {
        await Assembler.AbandonAsync();
        await Schema.DisposeAsync();
        if (Directory.Exists(_spill))
        {
            Directory.Delete(_spill, recursive: true);
        }
    }
}
