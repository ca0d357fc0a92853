using System.Globalization;

namespace Tandem.Bench;

/// <summary>A per-chunk query of the profile: what it is, its SQL over a whole sbtest table, and whether it is one a tool sends today.</summary>
internal sealed record ChunkQuery(string Name, string Sql, bool Sent, string? SameBytesSql = null);

/// <summary>
/// The per-chunk queries of both tools over one whole sysbench table (id INT, k INT, c CHAR(120), pad CHAR(60), all
/// NOT NULL), written out here as the tools send them (copied from the general log; <see cref="Fragments"/> checks
/// them against the log of each run), next to the floor (reading the rows) and cheaper variants of Tandem's. Timed in
/// interleaved rounds with the mariadb client on otherwise idle servers, they show where a chunk's time goes.
/// </summary>
internal static class ChunkQueries
{
    private const string Unlimited = "18446744073709551615";

    /// <summary>
    /// Tandem's canonical row encoding of an sbtest row (CanonicalSql.Row): numbers as CAST(... AS CHAR), strings as
    /// length ':' bytes, every field wrapped in IFNULL (the columns are NOT NULL, but the encoding does not look).
    /// </summary>
    public const string TandemEncoding =
        "CONCAT(IFNULL(CAST(`id` AS CHAR), ''), ',', IFNULL(CAST(`k` AS CHAR), ''), ',', " +
        "IFNULL(CONCAT(LENGTH(CAST(`c` AS BINARY)), ':', CAST(`c` AS BINARY)), 'N'), ',', " +
        "IFNULL(CONCAT(LENGTH(CAST(`pad` AS BINARY)), ':', CAST(`pad` AS BINARY)), 'N'))";

    /// <summary>The same bytes for NOT NULL columns of one character set: no IFNULL, no CASTs (CONCAT prints integers as CAST AS CHAR does).</summary>
    public const string NotNullEncoding = "CONCAT(`id`, ',', `k`, ',', LENGTH(`c`), ':', `c`, ',', LENGTH(`pad`), ':', `pad`)";

    /// <summary>Without IFNULL, the strings still cast to BINARY (what is left if the cast must stay for mixed character sets).</summary>
    public const string NotNullBinaryEncoding =
        "CONCAT(`id`, ',', `k`, ',', LENGTH(`c`), ':', CAST(`c` AS BINARY), ',', LENGTH(`pad`), ':', CAST(`pad` AS BINARY))";

    /// <summary>pt-table-checksum's row checksum for an sbtest table (its --function CRC32 over CONCAT_WS, as in its general log).</summary>
    public const string PtRowChecksum = "CRC32(CONCAT_WS('#', `id`, `k`, convert(`c` using utf8mb4), convert(`pad` using utf8mb4)))";

    public static string TandemHash(string encoding) => $"CAST(CONV(LEFT(SHA1({encoding}), 16), 16, 10) AS UNSIGNED)";

    /// <summary>Text each tool's queries must contain; the profile says so when a tool's SQL has moved away from the copies here.</summary>
    public static IReadOnlyList<(string Tool, string Fragment)> Fragments =>
    [
        ("tandem verify (source nibble)", $"SELECT COUNT(*), SUM(h), BIT_XOR(h), MAX(k) FROM (SELECT `id` AS k, {TandemHash(TandemEncoding)} AS h FROM `sbtest`.`sbtest"),
        ("tandem verify (target range)", $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {TandemHash(TandemEncoding)} AS h FROM `sbtest`.`sbtest"),
        ("pt-table-checksum (chunk)", $"COUNT(*) AS cnt, COALESCE(LOWER(CONV(BIT_XOR(CAST({PtRowChecksum} AS UNSIGNED)), 10, 16)), 0) AS crc FROM `sbtest`.`sbtest"),
    ];

    public static IReadOnlyList<ChunkQuery> For(string table, int rows)
    {
        var from = $"FROM {table}";
        var range = string.Create(CultureInfo.InvariantCulture, $"{from} WHERE `id` <= {rows}");
        var tandemHash = TandemHash(TandemEncoding);
        return
        [
            new("read every row, no hashing: COUNT(*), SUM(LENGTH(c))", $"SELECT COUNT(*), SUM(LENGTH(`c`)) {range}", Sent: false),
            new("pt-table-checksum chunk: COUNT(*), BIT_XOR(CRC32(CONCAT_WS('#', ...)))",
                $"SELECT COUNT(*) AS cnt, COALESCE(LOWER(CONV(BIT_XOR(CAST({PtRowChecksum} AS UNSIGNED)), 10, 16)), 0) AS crc {from} FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '{rows}'))",
                Sent: true),
            new("tandem source nibble: COUNT, SUM, BIT_XOR of the SHA-1 row hash, MAX(id), ORDER BY id LIMIT n",
                string.Create(CultureInfo.InvariantCulture, $"SELECT COUNT(*), SUM(h), BIT_XOR(h), MAX(k) FROM (SELECT `id` AS k, {tandemHash} AS h {from} ORDER BY `id` LIMIT {rows}) z"),
                Sent: true),
            new("tandem target range: COUNT, SUM, BIT_XOR of the SHA-1 row hash over id <= upper",
                $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {tandemHash} AS h {range} LIMIT {Unlimited}) z", Sent: true),
            new("tandem's row encoding alone: SUM(LENGTH(encoding))", $"SELECT COUNT(*), SUM(LENGTH({TandemEncoding})) {range}", Sent: false),
            new("tandem's row hash alone: BIT_XOR(hash), no derived table", $"SELECT COUNT(*), BIT_XOR({tandemHash}) {range}", Sent: false),
            new("NOT NULL encoding alone (no IFNULL, no CAST): SUM(LENGTH(encoding))", $"SELECT COUNT(*), SUM(LENGTH({NotNullEncoding})) {range}", Sent: false),
            new("NOT NULL encoding and SHA-1 alone: SUM(LENGTH(SHA1(encoding)))", $"SELECT COUNT(*), SUM(LENGTH(SHA1({NotNullEncoding}))) {range}", Sent: false),
            new("candidate: target range, NOT NULL encoding (no IFNULL, no CAST), SHA-1",
                $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {TandemHash(NotNullEncoding)} AS h {range} LIMIT {Unlimited}) z", Sent: false,
                SameBytesSql: $"SELECT COUNT(*) {range} AND SHA1({NotNullEncoding}) <> SHA1({TandemEncoding})"),
            new("candidate: target range, NOT NULL encoding keeping CAST(... AS BINARY), SHA-1",
                $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT {TandemHash(NotNullBinaryEncoding)} AS h {range} LIMIT {Unlimited}) z", Sent: false,
                SameBytesSql: $"SELECT COUNT(*) {range} AND SHA1({NotNullBinaryEncoding}) <> SHA1({TandemEncoding})"),
            new("candidate: target range, NOT NULL encoding, MD5 instead of SHA-1",
                $"SELECT COUNT(*), SUM(h), BIT_XOR(h) FROM (SELECT CAST(CONV(LEFT(MD5({NotNullEncoding}), 16), 16, 10) AS UNSIGNED) AS h {range} LIMIT {Unlimited}) z", Sent: false),
            new("candidate: source nibble, NOT NULL encoding, SHA-1",
                string.Create(CultureInfo.InvariantCulture, $"SELECT COUNT(*), SUM(h), BIT_XOR(h), MAX(k) FROM (SELECT `id` AS k, {TandemHash(NotNullEncoding)} AS h {from} ORDER BY `id` LIMIT {rows}) z"),
                Sent: false),
        ];
    }
}
