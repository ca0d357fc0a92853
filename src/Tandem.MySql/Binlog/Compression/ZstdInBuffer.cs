using System.Runtime.InteropServices;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>zstd.h <c>ZSTD_inBuffer</c>: the compressed bytes offered to one call and how many of them it consumed.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdInBuffer
{
    public byte* Source;
    public nuint Size;
    public nuint Position;
}
