using Microsoft.Win32.SafeHandles;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>A <c>ZSTD_DStream*</c>, freed with <c>ZSTD_freeDStream</c>.</summary>
internal sealed class ZstdDStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ZstdDStreamHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        ZstdNative.FreeDStream(handle);
        return true;
    }
}
