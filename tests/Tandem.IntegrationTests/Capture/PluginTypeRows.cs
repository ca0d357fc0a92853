using System.Globalization;

namespace Tandem.IntegrationTests.Capture;

/// <summary>
/// A table of MariaDB's DATA TYPE plugins (information_schema.PLUGINS: INET4, INET6, UUID), keyed by a UUID with an INET6
/// unique key, holding their edge values: the zero and all-ones addresses, loopback, IPv4-mapped and IPv4-compatible
/// IPv6, every placement of the "::" run MariaDB's text form chooses between, trailing zero bytes (which the binlog
/// strips), and the nil, max, v1 (stored byte-swapped by InnoDB), v4 and v7 UUIDs.
/// </summary>
internal static class PluginTypeRows
{
    public const string CreateTable = """
        CREATE TABLE plugins (
          u UUID NOT NULL PRIMARY KEY,
          i6 INET6 NOT NULL,
          i4 INET4 NULL,
          u2 UUID NULL,
          i6n INET6 NULL,
          note VARCHAR(40) NOT NULL,
          UNIQUE KEY (i6)
        ) DEFAULT CHARSET=utf8mb4
        """;

    public static readonly string[] Uuids =
    [
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "6ccd780c-baba-1026-9564-5b8c656024db",
        "4b1e3c2a-8f7d-4e6b-9a1c-2d3e4f5a6b7c",
        "01890a5d-ac96-774b-bcce-b302099a8057",
        "12345678-1234-1234-8000-000000000000",
        "00000000-0000-1000-8000-000000000001",
        "ffffffff-ffff-1fff-bfff-ffffffffffff",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "00112233-4455-6677-8899-aabbccddeeff",
        "c232ab00-9414-11ec-b3c8-9f6bdeced846",
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
        "ffffffff-0000-0000-0000-000000000000",
    ];

    public static readonly string[] Inet6s =
    [
        "::",
        "::1",
        "::ffff:1.2.3.4",
        "::1.2.3.4",
        "::ffff:0.0.0.0",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "1::",
        "1:0:0:2::3",
        "1::2:3:4:5:6:7",
        "1::2:0:0:3:4",
        "2001:db8::ff00:42:8329",
        "::1:0:0",
        "fe80::",
    ];

    public static readonly string?[] Inet4s = ["0.0.0.0", "255.255.255.255", "127.0.0.1", "10.0.0.0", "1.0.0.0", null];

    /// <summary>One row per UUID: the i-th UUID and INET6, with the others cycling through their lists (NULLs included).</summary>
    public static IEnumerable<string> Rows(int from = 0, int count = int.MaxValue) =>
        Enumerable.Range(0, Uuids.Length).Skip(from).Take(count).Select(static i => string.Create(CultureInfo.InvariantCulture,
            $"({Quote(Uuids[i])}, {Quote(Inet6s[i])}, {Quote(Inet4s[i % Inet4s.Length])}, {Quote(i % 4 == 3 ? null : Uuids[^(i + 1)])}, {Quote(i % 5 == 4 ? null : Inet6s[^(i + 1)])}, 'row {i}')"));

    /// <summary>Changes of every kind, keys included: a primary key moved, a unique INET6 swapped between rows, values set to NULL and back.</summary>
    public static readonly string[] Changes =
    [
        "UPDATE plugins SET u = 'aaaaaaaa-bbbb-1ccc-8ddd-eeeeeeeeeeee', i4 = '192.168.0.1' WHERE u = '6ccd780c-baba-1026-9564-5b8c656024db'",
        "UPDATE plugins SET i6 = 'fe80::1' WHERE i6 = '::'",
        "UPDATE plugins SET i6 = '::' WHERE i6 = '::1'",
        "UPDATE plugins SET i6 = '::1' WHERE i6 = 'fe80::1'",
        "UPDATE plugins SET u2 = NULL, i6n = NULL, i4 = NULL WHERE u = 'ffffffff-ffff-ffff-ffff-ffffffffffff'",
        "UPDATE plugins SET u2 = u, i6n = i6 WHERE u = '01890a5d-ac96-774b-bcce-b302099a8057'",
        "DELETE FROM plugins WHERE u = '00000000-0000-0000-0000-000000000000'",
        "INSERT INTO plugins VALUES ('00000000-0000-0000-0000-000000000000', '::ffff:255.255.255.255', '255.255.255.0', NULL, '::2', 'reinserted')",
    ];

    private static string Quote(string? value) => value is null ? "NULL" : $"'{value}'";
}
