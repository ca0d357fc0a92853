using FsCheck;
using FsCheck.Fluent;
using Tandem.Core.Errors;
using Tandem.MySql.Binlog.Compression;
using Tandem.MySql.Tests.Fuzz;

namespace Tandem.MySql.Tests.Binlog.Compression;

public sealed class ZstdDecompressionStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(300_000)]
    public void Decompresses_what_zstd_compressed(int length)
    {
        var data = ZstdFrames.RowLike(length);
        using var stream = new ZstdDecompressionStream(ZstdFrames.Compress(data), data.Length);
        Assert.Equal(data, ReadAll(stream, 8192));
        Assert.Equal(data.Length, stream.Position);
        Assert.Equal(0, stream.Read(new byte[16]));
    }

    [Fact]
    public void A_large_transaction_comes_out_in_chunks_no_bigger_than_the_callers_buffer()
    {
        var data = ZstdFrames.RowLike(5 << 20, seed: 2);
        var frame = ZstdFrames.Compress(data);
        Assert.True(frame.Length < data.Length / 2);

        using var stream = new ZstdDecompressionStream(frame, data.Length);
        var buffer = new byte[4096];
        var output = new MemoryStream();
        var reads = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            Assert.InRange(n, 1, buffer.Length);
            output.Write(buffer, 0, n);
            reads++;
        }

        Assert.True(reads >= data.Length / buffer.Length);
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public void Reads_compressed_bytes_from_a_stream_that_trickles()
    {
        var data = ZstdFrames.RowLike(200_000, seed: 3);
        var source = new TrickleStream(ZstdFrames.Compress(data), maxPerRead: 7);
        using (var stream = new ZstdDecompressionStream(source, data.Length))
        {
            Assert.Equal(data, ReadAll(stream, 1000));
        }

        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task Reads_asynchronously_from_a_stream()
    {
        var data = ZstdFrames.RowLike(150_000, seed: 4);
        var source = new TrickleStream(ZstdFrames.Compress(data), maxPerRead: 4096);
        await using var stream = new ZstdDecompressionStream(source, data.Length, leaveOpen: true);
        var output = new MemoryStream();
        await stream.CopyToAsync(output, 3000);
        Assert.Equal(data, output.ToArray());
        Assert.False(source.Disposed);
    }

    [Fact]
    public void Concatenated_frames_decompress_one_after_the_other()
    {
        var first = ZstdFrames.RowLike(10_000, seed: 5);
        var second = ZstdFrames.RowLike(20_000, seed: 6);
        using var stream = new ZstdDecompressionStream(ZstdFrames.Compress(first).Concat(ZstdFrames.Compress(second)).ToArray(), 30_000);
        Assert.Equal([.. first, .. second], ReadAll(stream, 4096));
    }

    [Fact]
    public void A_truncated_frame_is_reported_as_corrupt()
    {
        var data = ZstdFrames.RowLike(100_000, seed: 7);
        var frame = ZstdFrames.Compress(data);
        using var stream = new ZstdDecompressionStream(frame.AsMemory(0, frame.Length - 10), data.Length);
        var error = Assert.Throws<ZstdDecompressionException>(() => ReadAll(stream, 4096));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Every_prefix_of_a_frame_is_rejected_not_accepted_as_shorter_data()
    {
        var data = ZstdFrames.RowLike(3000, seed: 8);
        var frame = ZstdFrames.Compress(data);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            using var stream = new ZstdDecompressionStream(frame.AsMemory(0, cut), data.Length);
            Assert.Throws<ZstdDecompressionException>(() => ReadAll(stream, 512));
        }
    }

    [Fact]
    public void Garbage_is_reported_with_the_zstd_error()
    {
        using var stream = new ZstdDecompressionStream("this is not a zstd frame at all"u8.ToArray(), 1000);
        var error = Assert.Throws<ZstdDecompressionException>(() => ReadAll(stream, 4096));
        Assert.False(string.IsNullOrEmpty(error.ZstdError));
        Assert.Contains(error.ZstdError!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_past_the_declared_size_is_reported_as_corrupt()
    {
        var data = ZstdFrames.RowLike(50_000, seed: 9);
        var frame = ZstdFrames.Compress(data);

        using (var exact = new ZstdDecompressionStream(frame, data.Length))
        {
            Assert.Equal(data, ReadAll(exact, 4096));
        }

        using var tooSmall = new ZstdDecompressionStream(frame, data.Length - 1);
        var error = Assert.Throws<ZstdDecompressionException>(() => ReadAll(tooSmall, 4096));
        Assert.Contains($"{data.Length - 1} bytes declared", error.Message, StringComparison.Ordinal);

        using var zero = new ZstdDecompressionStream(frame, 0);
        Assert.Throws<ZstdDecompressionException>(() => zero.Read(new byte[10]));
    }

    [Fact]
    public void The_stream_is_read_only_and_forward_only()
    {
        using var stream = new ZstdDecompressionStream(ZstdFrames.Compress([1, 2, 3]), 3);
        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
        stream.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[1]));
    }

    [Fact]
    public void A_missing_libzstd_says_what_to_install()
    {
        var error = Assert.Throws<TandemException>(() => ZstdLibrary.EnsureAvailable("libzstd-that-is-not-installed.so.9"));
        Assert.Contains("libzstd-that-is-not-installed.so.9", error.Message, StringComparison.Ordinal);
        Assert.Equal("install libzstd1 (apt-get install libzstd1)", error.Hint);
    }

    [Fact]
    public void Mutated_frames_decompress_or_are_rejected_with_the_typed_exception()
    {
        var seeds = new[]
        {
            ZstdFrames.Compress(ZstdFrames.RowLike(2000, seed: 10)),
            ZstdFrames.Compress(ZstdFrames.RowLike(100, seed: 11), level: 19),
            ZstdFrames.Compress([]),
        };

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(PayloadMutator.Mutants(seeds).ToArbitrary(), (byte[] bytes) =>
        {
            FuzzOutcome.ParsesOrRejects("ZstdDecompressionStream", bytes, b =>
            {
                using var stream = new ZstdDecompressionStream(b.ToArray(), 4000);
                Assert.InRange(ReadAll(stream, 700).Length, 0, 4000);
            });
        }));
    }

    private static byte[] ReadAll(Stream stream, int chunk)
    {
        var output = new MemoryStream();
        var buffer = new byte[chunk];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }
}
