using System.Runtime.InteropServices;
using Tandem.Core.Errors;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>Finds the system libzstd once, so a missing library is reported as what to install rather than a DllNotFoundException.</summary>
internal static class ZstdLibrary
{
    private static readonly Lazy<bool> Available = new(() => TryLoad(ZstdNative.Library));

    public static void EnsureAvailable()
    {
        if (!Available.Value)
        {
            throw Missing(ZstdNative.Library, inner: null);
        }
    }

    /// <summary>Checks a library by name; the seam that lets tests see the missing-library error.</summary>
    public static void EnsureAvailable(string libraryName)
    {
        if (!TryLoad(libraryName))
        {
            throw Missing(libraryName, inner: null);
        }
    }

    public static TandemException Missing(string libraryName, Exception? inner) =>
        new(
            $"cannot decompress a compressed transaction (TRANSACTION_PAYLOAD, binlog_transaction_compression=ON): the zstd library {libraryName} was not found",
            "install libzstd1 (apt-get install libzstd1)",
            inner);

    private static bool TryLoad(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(ZstdLibrary).Assembly, searchPath: null, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
