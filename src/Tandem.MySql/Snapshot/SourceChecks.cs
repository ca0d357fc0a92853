using Tandem.Core.Errors;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Snapshot;

/// <summary>What the copy needs of its source before it takes a snapshot.</summary>
internal static class SourceChecks
{
    public static async Task EnsureCopyableAsync(MySqlConnection source, CancellationToken ct)
    {
        if (source.ServerVersion.Contains("TiDB", StringComparison.OrdinalIgnoreCase))
        {
            throw new TandemException(
                $"{source.Options.DisplayName} is TiDB: TiDB sources are not supported yet",
                "copy from TiDB with Dumpling and follow it with TiCDC for now");
        }

        var format = await source.QueryScalarAsync("SELECT @@GLOBAL.binlog_format", ct).ConfigureAwait(false) as string;
        if (!string.Equals(format, "ROW", StringComparison.OrdinalIgnoreCase))
        {
            throw new TandemException(
                $"{source.Options.DisplayName} has binlog_format={format ?? "unknown"}; the change stream after the copy needs ROW",
                "SET GLOBAL binlog_format=ROW and set it in the server's configuration; 'tandem check' lists every setting replication needs");
        }
    }
}
