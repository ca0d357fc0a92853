using Tandem.Core.Model;
using Tandem.Core.Tasks;
using Tandem.MySql.Sink;
using Tandem.MySql.Tests.Core;

namespace Tandem.MySql.Tests.Sink;

/// <summary>
/// How the batch builder writes rows too large for a text packet: alone, by a statement whose large values are
/// placeholders sent as long data (never as hex text), in order with what comes before and after them; and a value
/// over max_allowed_packet itself fails the batch, naming table, key, size and the setting.
/// </summary>
public sealed class BatchBuilderLargeRowTests
{
    private const long Packet = 16L << 20;

    private static readonly TableSchema Blobs = new()
    {
        Database = "db",
        Name = "blobs",
        Columns =
        [
            new ColumnSchema { Name = "id", DataType = "int", ColumnType = "int", Nullable = false },
            new ColumnSchema { Name = "b", DataType = "longblob", ColumnType = "longblob" },
            new ColumnSchema { Name = "note", DataType = "varchar", ColumnType = "varchar(20)", CharacterSet = "utf8mb4" },
        ],
        Indexes = [new IndexSchema { Name = "PRIMARY", Columns = ["id"], IsPrimary = true, IsUnique = true }],
    };

    [Fact]
    public void A_row_over_half_a_chunk_is_written_alone_with_its_large_value_as_long_data()
    {
        var table = SinkTable.Create(Blobs, TableRouter.Identity, _ => null);
        var large = new byte[4 << 20];
        var builder = new BatchBuilder(Packet);
        builder.Begin();
        builder.Add(table, SinkTestTables.Insert(Blobs, 1L, new byte[] { 1, 2 }, "small"));
        builder.Add(table, SinkTestTables.Insert(Blobs, 2L, large, "large"));
        builder.Add(table, SinkTestTables.Insert(Blobs, 3L, new byte[] { 3 }, "after"));
        builder.Commit();
        var chunks = builder.TakeReady();

        var longChunk = Assert.Single(chunks, static c => c.LongValues is not null);
        Assert.Equal("INSERT INTO `db`.`blobs` (`id`, `b`, `note`) VALUES (2, ?, 'large') ON DUPLICATE KEY UPDATE `b` = VALUES(`b`), `note` = VALUES(`note`)", longChunk.Sql);
        Assert.Same(large, Assert.Single(longChunk.LongValues!));
        Assert.InRange(longChunk.PieceBytes, 512, (int)Packet / 2);
        var at = chunks.IndexOf(longChunk);
        Assert.Contains("(1, X'0102', 'small')", string.Concat(chunks.Take(at).Select(static c => c.Sql)), StringComparison.Ordinal);
        Assert.Contains("(3, X'03', 'after')", string.Concat(chunks.Skip(at + 1).Select(static c => c.Sql)), StringComparison.Ordinal);
        Assert.EndsWith("COMMIT", chunks[^1].Sql, StringComparison.Ordinal);
        Assert.All(chunks.Where(static c => c.LongValues is null), static c => Assert.True(c.Sql.Length < BatchBuilder.MaxChunkChars(Packet)));
    }

    [Fact]
    public void A_table_matched_on_all_columns_deletes_and_inserts_a_large_row_with_placeholders()
    {
        var keyless = Blobs with { Indexes = [] };
        var table = SinkTable.Create(keyless, TableRouter.Identity, _ => null);
        var before = new byte[5 << 20];
        var after = new byte[5 << 20];
        var builder = new BatchBuilder(Packet);
        builder.Add(table, SinkTestTables.Update(keyless, [1L, before, "x"], [1L, after, "y"]));
        builder.Seal();
        var chunks = builder.TakeReady();

        Assert.Equal(2, chunks.Count);
        Assert.Equal("DELETE FROM `db`.`blobs` WHERE `id` <=> 1 AND `b` <=> ? AND `note` <=> 'x' LIMIT 1", chunks[0].Sql);
        Assert.Same(before, Assert.Single(chunks[0].LongValues!));
        Assert.Equal("INSERT INTO `db`.`blobs` (`id`, `b`, `note`) VALUES (1, ?, 'y')", chunks[1].Sql);
        Assert.Same(after, Assert.Single(chunks[1].LongValues!));
    }

    [Fact]
    public void A_value_larger_than_max_allowed_packet_fails_naming_table_key_size_and_setting()
    {
        var table = SinkTable.Create(Blobs, TableRouter.Identity, _ => null);
        var builder = new BatchBuilder(Packet) { Where = "mariadb-bin.000007:1234" };
        builder.Add(table, SinkTestTables.Insert(Blobs, 42L, new byte[(16 << 20) + 1], "big"));

        var error = Assert.Throws<RowTooLargeException>(builder.FlushMerged);
        Assert.Contains("db.blobs with key (id=42)", error.Message, StringComparison.Ordinal);
        Assert.Contains("mariadb-bin.000007:1234", error.Message, StringComparison.Ordinal);
        Assert.Contains("16777217 bytes on the source", error.Message, StringComparison.Ordinal);
        Assert.Contains("column `b`", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_allowed_packet of 16 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("SET GLOBAL max_allowed_packet = 33554432", error.Hint, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Text_is_counted_in_the_bytes_it_takes_as_utf8_and_in_the_columns_own_character_set()
    {
        var latin = Blobs with
        {
            Columns = [Blobs.Columns[0], Blobs.Columns[1], new ColumnSchema { Name = "note", DataType = "longtext", ColumnType = "longtext", CharacterSet = "latin1" }],
        };
        var table = SinkTable.Create(latin, TableRouter.Identity, _ => null);
        var builder = new BatchBuilder(Packet);
        builder.Add(table, SinkTestTables.Insert(latin, 1L, null, new string('é', 9 << 20)));

        var error = Assert.Throws<RowTooLargeException>(builder.FlushMerged);
        Assert.Contains($"{9 << 20} bytes on the source, {18 << 20} bytes as sent in UTF-8", error.Message, StringComparison.Ordinal);
    }
}
