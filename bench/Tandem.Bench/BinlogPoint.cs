using System.Globalization;
using Tandem.MySql.Protocol;

namespace Tandem.Bench;

/// <summary>A file and offset of the server's binlog, ordered as the server writes them.</summary>
internal sealed record BinlogPoint(string File, long Offset) : IComparable<BinlogPoint>
{
    public int CompareTo(BinlogPoint? other) =>
        other is null ? 1 : string.CompareOrdinal(File, other.File) is var byFile and not 0 ? byFile : Offset.CompareTo(other.Offset);

    public override string ToString() => $"{File}:{Offset}";

    /// <summary>SHOW MASTER STATUS: where the next transaction will be written.</summary>
    public static async Task<BinlogPoint> CurrentAsync(string uri, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        await using var reader = await connection.QueryAsync("SHOW MASTER STATUS", ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException("SHOW MASTER STATUS returned no row: is the binlog enabled?");
        return new BinlogPoint(reader.GetString(0)!, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>SHOW BINARY LOGS: every binlog file and its size.</summary>
    public static async Task<IReadOnlyList<(string File, long Size)>> FilesAsync(string uri, CancellationToken ct)
    {
        var files = new List<(string, long)>();
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        await using var reader = await connection.QueryAsync("SHOW BINARY LOGS", ct);
        while (await reader.ReadAsync(ct))
            files.Add((reader.GetString(0)!, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        return files;
    }
}
