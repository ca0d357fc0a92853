using System.Runtime.InteropServices;

namespace Tandem.MySql.Tests.Binlog.Compression;

/// <summary>Makes zstd frames with the system libzstd's one-shot compressor (zstd.h, ZSTD_compress), as a MySQL server would.</summary>
internal static partial class ZstdFrames
{
    public static byte[] Compress(byte[] data, int level = 3)
    {
        var bound = ZstdCompressBound((nuint)data.Length);
        var frame = new byte[(int)bound];
        var size = ZstdCompress(frame, bound, data, (nuint)data.Length, level);
        Assert.Equal(0u, ZstdIsError(size));
        return frame[..(int)size];
    }

    /// <summary>Bytes that compress well but not trivially: repeated runs of words with varying numbers, like row images.</summary>
    public static byte[] RowLike(int length, int seed = 1)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (i % 64) < 48 ? (byte)("INSERT INTO t VALUES "[i % 21]) : (byte)random.Next(256);
        }

        return data;
    }

    [DllImport("libzstd.so.1", EntryPoint = "ZSTD_compress")]
    private static extern nuint ZstdCompress(byte[] destination, nuint capacity, byte[] source, nuint sourceSize, int level);

    [DllImport("libzstd.so.1", EntryPoint = "ZSTD_compressBound")]
    private static extern nuint ZstdCompressBound(nuint sourceSize);

    [DllImport("libzstd.so.1", EntryPoint = "ZSTD_isError")]
    private static extern uint ZstdIsError(nuint code);
}
