using Tandem.Core.Replication;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// The primary weight of every code point under one collation, in pages of 256 code points: packed weights, or for a
/// run of UCA implicit weights only the first (https://www.unicode.org/reports/tr10/#Implicit_Weights). Identical pages
/// are shared, so a table takes 50-350 KiB.
/// </summary>
internal sealed class CollationWeightTable
{
    internal const int MaxWeight = 256;

    private const int PageBits = 8;
    private const int PageSize = 1 << PageBits;
    private const int CodePoints = 0x110000;
    private const int Pages = CodePoints >> PageBits;

    private readonly Page?[] _pages;

    private CollationWeightTable(Page?[] pages) => _pages = pages;

    /// <summary>Bytes the table holds (pages shared between code-point ranges counted once).</summary>
    public long SizeBytes => _pages.Where(static p => p is not null).Distinct().Sum(static p => p!.SizeBytes) + (long)Pages * IntPtr.Size;

    /// <summary>Writes the weight of one code point; its length, or -1 when the table has none for it.</summary>
    public int CopyWeight(int codePoint, Span<byte> destination)
    {
        var page = (uint)codePoint < CodePoints ? _pages[codePoint >> PageBits] : null;
        return page is null ? -1 : page.Copy(codePoint & (PageSize - 1), destination);
    }

    /// <summary>Gathers weights by code point, in any order, into flat arrays, then builds the table.</summary>
    internal sealed class Builder
    {
        private readonly int[] _start = new int[CodePoints];
        private readonly byte[] _length = new byte[CodePoints];
        private byte[] _bytes = new byte[1 << 16];
        private int _used;

        public Builder()
        {
            Array.Fill(_start, -1);
        }

        public int Count { get; private set; }

        /// <summary>Records a code point's weight; a code point seen twice keeps its first (they are the same bytes).</summary>
        public void Add(int codePoint, ReadOnlySpan<byte> weight)
        {
            if ((uint)codePoint >= CodePoints || _start[codePoint] >= 0)
                return;
            if (weight.Length > MaxWeight - 8)
                throw new InvalidDataException($"the weight of U+{codePoint:X4} is {weight.Length} bytes, more than Tandem expects of one character");
            if (_used + weight.Length > _bytes.Length)
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + weight.Length));
            weight.CopyTo(_bytes.AsSpan(_used));
            _start[codePoint] = _used;
            _length[codePoint] = (byte)weight.Length;
            _used += weight.Length;
            Count++;
        }

        public CollationWeightTable Build()
        {
            var pages = new Page?[Pages];
            var shared = new Dictionary<ulong, List<Page>>();
            for (var p = 0; p < Pages; p++)
            {
                var first = p << PageBits;
                Page? page = LinearPage.TryCreate(this, first);
                page ??= PackedPage.Create(this, first);
                if (page is null)
                    continue;
                var signature = page.Signature();
                if (!shared.TryGetValue(signature, out var same))
                    shared[signature] = same = [];
                pages[p] = same.FirstOrDefault(page.SameAs) ?? page;
                if (ReferenceEquals(pages[p], page))
                    same.Add(page);
            }

            return new CollationWeightTable(pages);
        }

        internal bool Has(int codePoint) => _start[codePoint] >= 0;

        internal ReadOnlySpan<byte> WeightOf(int codePoint) => _bytes.AsSpan(_start[codePoint], _length[codePoint]);
    }

    /// <summary>The weights of 256 consecutive code points.</summary>
    private abstract class Page
    {
        public abstract long SizeBytes { get; }

        /// <summary>Writes the weight at <paramref name="index"/>; its length, or -1 when the code point has none.</summary>
        public abstract int Copy(int index, Span<byte> destination);

        public abstract ulong Signature();

        public abstract bool SameAs(Page other);
    }

    /// <summary>Weights packed into one array, with each code point's start; a presence bit per code point.</summary>
    private sealed class PackedPage : Page
    {
        private readonly ushort[] _starts;
        private readonly byte[] _bytes;
        private readonly ulong[] _present;

        private PackedPage(ushort[] starts, byte[] bytes, ulong[] present)
        {
            _starts = starts;
            _bytes = bytes;
            _present = present;
        }

        public override long SizeBytes => _starts.Length * sizeof(ushort) + _bytes.Length + _present.Length * sizeof(ulong) + 3 * 24;

        public static PackedPage? Create(Builder builder, int first)
        {
            var present = new ulong[PageSize / 64];
            var total = 0;
            for (var i = 0; i < PageSize; i++)
            {
                if (!builder.Has(first + i))
                    continue;
                present[i >> 6] |= 1UL << (i & 63);
                total += builder.WeightOf(first + i).Length;
            }

            if (present.All(static word => word == 0))
                return null;
            var starts = new ushort[PageSize + 1];
            var bytes = new byte[total];
            var at = 0;
            for (var i = 0; i < PageSize; i++)
            {
                starts[i] = (ushort)at;
                if (!builder.Has(first + i))
                    continue;
                var weight = builder.WeightOf(first + i);
                weight.CopyTo(bytes.AsSpan(at));
                at += weight.Length;
            }

            starts[PageSize] = (ushort)at;
            return new PackedPage(starts, bytes, present);
        }

        public override int Copy(int index, Span<byte> destination)
        {
            if ((_present[index >> 6] & (1UL << (index & 63))) == 0)
                return -1;
            var weight = _bytes.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
            weight.CopyTo(destination);
            return weight.Length;
        }

        public override ulong Signature() =>
            KeyHash.AddBytes(KeyHash.AddBytes(KeyHash.AddBytes(0, System.Runtime.InteropServices.MemoryMarshal.AsBytes(_starts.AsSpan())), _bytes), System.Runtime.InteropServices.MemoryMarshal.AsBytes(_present.AsSpan()));

        public override bool SameAs(Page other) =>
            other is PackedPage packed && packed._starts.AsSpan().SequenceEqual(_starts) && packed._bytes.AsSpan().SequenceEqual(_bytes) && packed._present.AsSpan().SequenceEqual(_present);
    }

    /// <summary>
    /// A page where every code point has a weight of one length that counts up by one in its last 16-bit unit: the
    /// implicit weights UCA gives unassigned code points and CJK ideographs (https://www.unicode.org/reports/tr10/#Implicit_Weights),
    /// which fill most of the supplementary planes. Only the first weight is stored.
    /// </summary>
    private sealed class LinearPage : Page
    {
        private readonly byte[] _first;

        private LinearPage(byte[] first) => _first = first;

        public override long SizeBytes => _first.Length + 24;

        public static LinearPage? TryCreate(Builder builder, int firstCodePoint)
        {
            if (!builder.Has(firstCodePoint))
                return null;
            var first = builder.WeightOf(firstCodePoint);
            if (first.Length < 2)
                return null;
            var low = (first[^2] << 8) | first[^1];
            if (low + PageSize - 1 > 0xFFFF)
                return null;
            for (var i = 1; i < PageSize; i++)
            {
                if (!builder.Has(firstCodePoint + i))
                    return null;
                var weight = builder.WeightOf(firstCodePoint + i);
                if (weight.Length != first.Length || !weight[..^2].SequenceEqual(first[..^2]) || ((weight[^2] << 8) | weight[^1]) != low + i)
                    return null;
            }

            return new LinearPage(first.ToArray());
        }

        public override int Copy(int index, Span<byte> destination)
        {
            _first.CopyTo(destination);
            var low = ((_first[^2] << 8) | _first[^1]) + index;
            destination[_first.Length - 2] = (byte)(low >> 8);
            destination[_first.Length - 1] = (byte)low;
            return _first.Length;
        }

        public override ulong Signature() => KeyHash.AddBytes(1, _first);

        public override bool SameAs(Page other) => other is LinearPage linear && linear._first.AsSpan().SequenceEqual(_first);
    }
}
