using System.IO.Compression;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>
/// MariaDB's log_bin_compress format for the compressed part of QUERY_COMPRESSED (165) and the *_ROWS_COMPRESSED
/// events (166-171): one header byte whose top three bits are 100 (zlib, the only algorithm) and whose low three bits
/// give the width (1-4) of the uncompressed length that follows, big-endian; then a zlib stream. Only the statement
/// text, or the row images after the column bitmaps, are compressed.
/// See https://mariadb.com/docs/server/server-management/server-monitoring-logs/binary-log/compressing-events-to-reduce-size-of-the-binary-log
/// and binlog_get_uncompress_len in MariaDB's sql/log_event.cc.
/// </summary>
internal static class MariaDbEventCompression
{
    /// <summary>Decompresses into exactly the declared length; a length beyond <paramref name="limit"/> or a short or long stream is malformed.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed, long limit)
    {
        if (compressed.Length < 2 || (compressed[0] & 0xE0) != 0x80)
            throw new MySqlProtocolException($"a log_bin_compress header (0x8N), found {(compressed.Length == 0 ? "nothing" : $"0x{compressed[0]:X2}")}");
        var width = compressed[0] & 0x07;
        if (width is < 1 or > 4 || compressed.Length < 1 + width)
            throw new MySqlProtocolException($"a log_bin_compress length of 1 to 4 bytes, found {width}");
        long length = 0;
        for (var i = 1; i <= width; i++)
            length = (length << 8) | compressed[i];
        if (length > limit)
            throw new MySqlProtocolException($"a compressed part of at most {limit} bytes, found {length} declared");

        var output = new byte[length];
        var source = compressed[(1 + width)..].ToArray();
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(source, writable: false), CompressionMode.Decompress);
            zlib.ReadExactly(output);
            if (zlib.ReadByte() >= 0)
                throw new MySqlProtocolException($"the compressed part to hold {length} bytes as declared, but it holds more");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new MySqlProtocolException($"a zlib stream of {length} bytes: {ex.Message}", ex);
        }

        return output;
    }
}
