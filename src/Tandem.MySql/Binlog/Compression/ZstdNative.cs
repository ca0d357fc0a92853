using System.Runtime.InteropServices;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>The streaming decompression API of the system libzstd (zstd.h, "Streaming decompression - HowTo").</summary>
/// <remarks>
/// Kept over a package: the managed port ZstdSharp.Port 0.8.8 decompressed at 0.74x this binding here (bench/RESULTS.md),
/// and ZstdNet wraps this same libzstd without the declared-size limit <see cref="ZstdDecompressionStream"/> enforces.
/// </remarks>
internal static unsafe partial class ZstdNative
{
    public const string Library = "libzstd.so.1";

    [LibraryImport(Library, EntryPoint = "ZSTD_createDStream")]
    public static partial ZstdDStreamHandle CreateDStream();

    [LibraryImport(Library, EntryPoint = "ZSTD_initDStream")]
    public static partial nuint InitDStream(ZstdDStreamHandle stream);

    /// <summary>Returns 0 when a frame is complete and flushed, an error code (see <see cref="IsError"/>), or a hint of input still wanted.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    public static partial nuint DecompressStream(ZstdDStreamHandle stream, ZstdOutBuffer* output, ZstdInBuffer* input);

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDStream")]
    public static partial nuint FreeDStream(nint stream);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial nint GetErrorName(nuint code);

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(GetErrorName(code)) ?? $"zstd error {code}";
}
