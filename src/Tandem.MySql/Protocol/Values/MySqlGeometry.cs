using System.Buffers.Binary;

namespace Tandem.MySql.Protocol.Values;

/// <summary>
/// A spatial value in the server's internal format: a 4-byte little-endian SRID followed by the WKB.
/// See https://dev.mysql.com/doc/refman/8.4/en/gis-data-formats.html#gis-internal-format.
/// </summary>
public sealed class MySqlGeometry : IEquatable<MySqlGeometry>
{
    public MySqlGeometry(uint srid, byte[] wkb)
    {
        ArgumentNullException.ThrowIfNull(wkb);
        Srid = srid;
        Wkb = wkb;
    }

    public uint Srid { get; }

    /// <summary>The Well-Known Binary geometry, as stored (axis order as the server keeps it).</summary>
    public byte[] Wkb { get; }

    public static MySqlGeometry FromInternal(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new MySqlProtocolException($"malformed GEOMETRY value: expected a 4-byte SRID and WKB, found {value.Length} bytes");
        }

        return new MySqlGeometry(BinaryPrimitives.ReadUInt32LittleEndian(value), value[4..].ToArray());
    }

    public byte[] ToInternal()
    {
        var result = new byte[4 + Wkb.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(result, Srid);
        Wkb.CopyTo(result, 4);
        return result;
    }

    public bool Equals(MySqlGeometry? other) => other is not null && Srid == other.Srid && Wkb.AsSpan().SequenceEqual(other.Wkb);

    public override bool Equals(object? obj) => Equals(obj as MySqlGeometry);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Srid);
        hash.AddBytes(Wkb);
        return hash.ToHashCode();
    }

    public override string ToString() => $"SRID={Srid};WKB={Convert.ToHexString(Wkb)}";
}
