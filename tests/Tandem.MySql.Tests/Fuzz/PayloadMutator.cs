using FsCheck;
using FsCheck.Fluent;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>FsCheck generators of hostile payloads: valid seeds with bytes changed, inserted, deleted or cut off, and plain noise.</summary>
internal static class PayloadMutator
{
    /// <summary>Bytes with a meaning in the protocol: markers of NULL, length prefixes, OK/EOF/ERR headers.</summary>
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0C, 0x7F, 0x80, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF];

    public static Gen<byte> AnyByte { get; } = Gen.OneOf(Gen.Choose(0, 255).Select(i => (byte)i), Gen.Elements(Interesting));

    public static Gen<byte[]> Noise { get; } = Gen.Choose(0, 64).SelectMany(n => AnyByte.ArrayOf(n));

    public static Gen<byte[]> Mutants(IReadOnlyList<byte[]> seeds) =>
        Gen.Frequency(
            (1, Noise),
            (6, from seed in Gen.Elements(seeds.ToArray())
                from count in Gen.Choose(1, 4)
                from edits in Edit.ArrayOf(count)
                select edits.Aggregate(seed, (bytes, edit) => edit(bytes))));

    private static Gen<Func<byte[], byte[]>> Edit { get; } = Gen.OneOf(
        from at in Gen.Choose(0, 10_000)
        select (Func<byte[], byte[]>)(b => b[..(b.Length == 0 ? 0 : at % (b.Length + 1))]),
        from at in Gen.Choose(0, 10_000)
        from value in AnyByte
        select (Func<byte[], byte[]>)(b => Replace(b, at, value)),
        from at in Gen.Choose(0, 10_000)
        from inserted in Noise
        select (Func<byte[], byte[]>)(b => Insert(b, at, inserted)),
        from at in Gen.Choose(0, 10_000)
        from length in Gen.Choose(1, 8)
        select (Func<byte[], byte[]>)(b => Delete(b, at, length)));

    public static byte[] Replace(byte[] bytes, int at, byte value)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        var copy = (byte[])bytes.Clone();
        copy[at % copy.Length] = value;
        return copy;
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted)
    {
        var i = at % (bytes.Length + 1);
        return [.. bytes.AsSpan(0, i), .. inserted, .. bytes.AsSpan(i)];
    }

    private static byte[] Delete(byte[] bytes, int at, int length)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var i = at % bytes.Length;
        var n = Math.Min(length, bytes.Length - i);
        return [.. bytes.AsSpan(0, i), .. bytes.AsSpan(i + n)];
    }
}
