using System.Runtime.InteropServices;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>zstd.h <c>ZSTD_outBuffer</c>: the room offered to one call and how much of it was filled.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdOutBuffer
{
    public byte* Destination;
    public nuint Size;
    public nuint Position;
}
