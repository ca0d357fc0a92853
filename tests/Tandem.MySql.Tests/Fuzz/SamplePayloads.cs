using System.Text;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>Valid server payloads of every kind the client parses: the seeds that mutations start from.</summary>
internal static class SamplePayloads
{
    public static readonly byte[][] All =
    [
        FakeGreeting.MySql().ToPayload(),
        FakeGreeting.MariaDb().ToPayload(),
        FakeGreeting.MySql("sha256_password").ToPayload(),
        FakePackets.Ok(),
        FakePackets.Ok(ServerStatus.MoreResultsExist, affectedRows: 70000, lastInsertId: 1UL << 40, warnings: 3),
        FakePackets.EndOfRowsOk(),
        FakePackets.Error(1045, "28000", "Access denied for user 'x'@'y'"),
        [0xFF, 0x10, 0x04, .. "Too many connections"u8.ToArray()],
        FakePackets.Eof(ServerStatus.MoreResultsExist),
        FakePackets.Column("id", ColumnType.LongLong, ColumnFlags.Unsigned | ColumnFlags.PrimaryKey),
        FakePackets.Column("when", ColumnType.DateTime, decimals: 6),
        MariaDbColumnWithExtendedMetadata(),
        FakePackets.TextRow("1", null, "2024-02-29 12:34:56.789", "-838:59:59.000000"),
        [0x00, 0x04, 0x2A, 0, 0, 0, 7, 0xE8, 0x07, 2, 29, 12, 34, 56, 4, .. "1.50"u8.ToArray()], // binary row
        FakePackets.AuthSwitch("caching_sha2_password", [.. FakeGreeting.DefaultScramble, 0]),
        FakePackets.AuthSwitch("client_ed25519", [.. Enumerable.Range(0, 32).Select(i => (byte)i)]),
        [0x00, 1, 0, 0, 0, 2, 0, 3, 0, 0, 1, 0], // COM_STMT_PREPARE OK: id 1, 2 columns, 3 params, 1 warning
        [0xFB, .. "/etc/passwd"u8.ToArray()],
        FakePackets.ColumnCount(3),
    ];

    /// <summary>A column definition with MariaDB's extended metadata block (type 0 "json"); see MARIADB_CLIENT_EXTENDED_METADATA.</summary>
    public static byte[] MariaDbColumnWithExtendedMetadata()
    {
        using var bytes = new MemoryStream();
        foreach (var text in new[] { "def", "db", "t", "t", "doc", "doc" })
        {
            FakePackets.WriteLengthEncodedBytes(bytes, Encoding.UTF8.GetBytes(text));
        }

        FakePackets.WriteLengthEncodedBytes(bytes, [0, 4, .. "json"u8.ToArray(), 1, 3, .. "utf"u8.ToArray()]);
        bytes.Write([0x0C, 45, 0, 0xFF, 0xFF, 0xFF, 0xFF, (byte)ColumnType.Blob, 0x10, 0, 0, 0, 0]);
        return bytes.ToArray();
    }
}
