using System.Buffers;
using System.Text;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Builds compact JSON text as UTF-8 in a stack buffer that grows into pooled arrays, with a hard cap on its length: the cap is what
/// stops a hostile binary JSON value whose entries all point at the same large container from expanding without bound.
/// </summary>
internal ref struct JsonTextBuilder
{
    private static readonly SearchValues<byte> NeedEscape = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    private readonly int _limit;
    private byte[]? _rented;
    private Span<byte> _buffer;
    private int _length;

    public JsonTextBuilder(Span<byte> initial, int limit)
    {
        _buffer = initial;
        _limit = limit;
        _rented = null;
        _length = 0;
    }

    public readonly int Length => _length;

    public void Append(byte b)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = b;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    /// <summary>Space for at least <paramref name="size"/> bytes; commit what was written with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (size > _buffer.Length - _length)
        {
            Grow(size);
        }

        return _buffer[_length..];
    }

    public void Advance(int count) => _length += count;

    /// <summary>
    /// A JSON string from UTF-8 bytes: quotes, backslashes and control characters are escaped as MySQL prints them
    /// (<c>double_quote</c> in <c>sql-common/json_dom.cc</c>); all other bytes, including non-ASCII UTF-8, are copied.
    /// </summary>
    public void AppendString(scoped ReadOnlySpan<byte> utf8)
    {
        Append((byte)'"');
        while (!utf8.IsEmpty)
        {
            var next = utf8.IndexOfAny(NeedEscape);
            if (next < 0)
            {
                Append(utf8);
                break;
            }

            Append(utf8[..next]);
            var b = utf8[next];
            switch (b)
            {
                case (byte)'"': Append("\\\""u8); break;
                case (byte)'\\': Append("\\\\"u8); break;
                case (byte)'\b': Append("\\b"u8); break;
                case (byte)'\f': Append("\\f"u8); break;
                case (byte)'\n': Append("\\n"u8); break;
                case (byte)'\r': Append("\\r"u8); break;
                case (byte)'\t': Append("\\t"u8); break;
                default:
                    Append("\\u00"u8);
                    Append(Hex[b >> 4]);
                    Append(Hex[b & 0xF]);
                    break;
            }

            utf8 = utf8[(next + 1)..];
        }

        Append((byte)'"');
    }

    /// <summary>A JSON string from UTF-16 text, escaped like <see cref="AppendString(ReadOnlySpan{byte})"/>.</summary>
    public void AppendString(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, utf8);
            AppendString(utf8[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public override readonly string ToString() => Encoding.UTF8.GetString(_buffer[.._length]);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int needed)
    {
        var required = (long)_length + needed;
        if (required > _limit)
        {
            throw new MySqlProtocolException(
                $"malformed binary JSON: its text would exceed {_limit} bytes, far more than its size allows (entries pointing at shared data?)");
        }

        var size = (int)Math.Min(Math.Max(required, (long)_buffer.Length * 2), _limit);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer[.._length].CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = next;
        _buffer = next.AsSpan(0, size);
    }
}
