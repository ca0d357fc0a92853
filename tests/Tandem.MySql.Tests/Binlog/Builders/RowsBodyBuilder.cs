using Tandem.MySql.Binlog.Rows;

namespace Tandem.MySql.Tests.Binlog.Builders;

/// <summary>
/// Builds a rows-event body
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html): column count, columns-present bitmap(s), then images in the order they are added.
/// Each image takes one entry per present column: null for SQL NULL, else the value's encoded bytes.
/// </summary>
internal sealed class RowsBodyBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly bool[] _present;
    private readonly bool[] _presentAfter;

    public RowsBodyBuilder(RowsEventKind kind, int columnCount, bool[]? present = null, bool[]? presentAfter = null)
    {
        _present = present ?? Enumerable.Repeat(true, columnCount).ToArray();
        _presentAfter = presentAfter ?? _present;
        _bytes.AddRange(LengthEncoded((ulong)columnCount));
        _bytes.AddRange(Bitmap(_present));
        if (kind is RowsEventKind.Update or RowsEventKind.PartialUpdate)
        {
            _bytes.AddRange(Bitmap(_presentAfter));
        }
    }

    /// <summary>An image over the first bitmap (before-images, and after-images of writes).</summary>
    public RowsBodyBuilder Image(params byte[]?[] values) => AddImage(_present, values);

    /// <summary>An after-image of an update, over the second bitmap.</summary>
    public RowsBodyBuilder After(params byte[]?[] values) => AddImage(_presentAfter, values);

    /// <summary>PARTIAL_UPDATE_ROWS: value options, and when bit 0 is set the partial bitmap over the table's JSON columns.</summary>
    public RowsBodyBuilder ValueOptions(ulong options, params bool[] partialJson)
    {
        _bytes.AddRange(LengthEncoded(options));
        if ((options & 1) != 0)
        {
            _bytes.AddRange(Bitmap(partialJson));
        }

        return this;
    }

    public RowsBodyBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] Build() => [.. _bytes];

    /// <summary>A partial JSON diff: operation, length-encoded path, and (unless REMOVE) a length-encoded binary JSON value.</summary>
    public static byte[] Diff(byte operation, string path, byte[]? binaryJson = null)
    {
        var pathBytes = System.Text.Encoding.UTF8.GetBytes(path);
        byte[] diff = [operation, .. LengthEncoded((ulong)pathBytes.Length), .. pathBytes];
        return binaryJson is null ? diff : [.. diff, .. LengthEncoded((ulong)binaryJson.Length), .. binaryJson];
    }

    /// <summary>A JSON column value holding diffs: 4-byte length, then the diffs.</summary>
    public static byte[] Diffs(params byte[][] diffs)
    {
        byte[] all = [.. diffs.SelectMany(d => d)];
        return BinlogValueEncoder.LengthPrefixed(all, 4);
    }

    public static byte[] LengthEncoded(ulong v) => v switch
    {
        < 0xFB => [(byte)v],
        <= 0xFFFF => [0xFC, .. BinlogValueEncoder.LittleEndian(v, 2)],
        <= 0xFFFFFF => [0xFD, .. BinlogValueEncoder.LittleEndian(v, 3)],
        _ => [0xFE, .. BinlogValueEncoder.LittleEndian(v, 8)],
    };

    public static byte[] Bitmap(IReadOnlyList<bool> bits)
    {
        var bytes = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                bytes[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return bytes;
    }

    private RowsBodyBuilder AddImage(bool[] present, byte[]?[] values)
    {
        var count = present.Count(p => p);
        if (values.Length != count)
        {
            throw new ArgumentException($"{values.Length} values for {count} present columns", nameof(values));
        }

        _bytes.AddRange(Bitmap(values.Select(v => v is null).ToArray()));
        foreach (var v in values)
        {
            if (v is not null)
            {
                _bytes.AddRange(v);
            }
        }

        return this;
    }
}
