using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Compression;

/// <summary>Compressed transaction bytes that are not a valid zstd frame, end early, or decompress past their declared size.</summary>
public sealed class ZstdDecompressionException : MySqlException
{
    public ZstdDecompressionException(string message, string? zstdError = null)
        : base(
            message,
            "the compressed transaction in the binlog (TRANSACTION_PAYLOAD) is corrupt or was cut off; check the server's binlog with mysqlbinlog, and report it with the server version if the file reads cleanly")
    {
        ZstdError = zstdError;
    }

    /// <summary>The name libzstd gave the failure (ZSTD_getErrorName), when libzstd reported it.</summary>
    public string? ZstdError { get; }
}
