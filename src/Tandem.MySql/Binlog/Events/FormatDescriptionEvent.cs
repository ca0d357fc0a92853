using System.Text;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// FORMAT_DESCRIPTION_EVENT (15): how every later event in the file is laid out. Body: binlog version (2), server
/// version (50, NUL padded), create time (4), common header length (1), one post-header length per event type,
/// and on servers from MySQL 5.6.1 / MariaDB 5.3 the checksum algorithm (1) before the event's own checksum.
/// See https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Format__description__event.html.
/// </summary>
public sealed class FormatDescriptionEvent : BinlogEvent
{
    public required int BinlogVersion { get; init; }

    public required string ServerVersion { get; init; }

    public required int HeaderLength { get; init; }

    /// <summary>Post-header length per event type code, indexed by code - 1.</summary>
    public required byte[] PostHeaderLengths { get; init; }

    public required BinlogChecksum Checksum { get; init; }

    /// <summary>
    /// The post-header length of an event type, or <paramref name="fallback"/> when the table does not list it (an
    /// older server's format description lists fewer types).
    /// </summary>
    public int PostHeaderLength(BinlogEventType type, int fallback)
    {
        var index = (int)type - 1;
        return index >= 0 && index < PostHeaderLengths.Length ? PostHeaderLengths[index] : fallback;
    }

    /// <summary>
    /// Reads the body (without the 19-byte header). <paramref name="bodyWithChecksum"/> still holds the trailing
    /// checksum when there is one: the algorithm byte sits just before it, so it can be read only from here.
    /// </summary>
    internal static (int Version, string ServerVersion, int HeaderLength, byte[] PostHeaderLengths, BinlogChecksum Checksum) Parse(ReadOnlySpan<byte> bodyWithChecksum)
    {
        var reader = new PayloadReader(bodyWithChecksum, "format description event");
        var version = reader.ReadUInt16();
        var serverVersion = Encoding.ASCII.GetString(reader.ReadBytes(50)).TrimEnd('\0');
        reader.ReadUInt32();
        var headerLength = reader.ReadByte();
        var rest = reader.ReadRest();

        var checksum = BinlogChecksum.None;
        if (SupportsChecksums(serverVersion))
        {
            // The last five bytes are the algorithm and a CRC32, whatever the algorithm.
            if (rest.Length < 5)
                throw reader.Malformed("a checksum algorithm and checksum at the end", bodyWithChecksum.Length);
            checksum = (BinlogChecksum)rest[^5];
            rest = rest[..^5];
        }

        return (version, serverVersion, headerLength, rest.ToArray(), checksum);
    }

    /// <summary>Servers from MySQL 5.6.1 and MariaDB 5.3 end the format description with the checksum algorithm.</summary>
    private static bool SupportsChecksums(string serverVersion)
    {
        var (major, minor, patch) = ParseVersion(serverVersion);
        var isMariaDb = serverVersion.Contains("mariadb", StringComparison.OrdinalIgnoreCase);
        return isMariaDb
            ? (major, minor) is ( > 5, _) or (5, >= 3)
            : major > 5 || (major == 5 && (minor > 6 || (minor == 6 && patch >= 1)));
    }

    private static (int Major, int Minor, int Patch) ParseVersion(string version)
    {
        Span<int> parts = stackalloc int[3];
        var part = 0;
        foreach (var c in version)
        {
            if (c is >= '0' and <= '9')
            {
                parts[part] = Math.Min(parts[part] * 10 + (c - '0'), 100_000);
            }
            else if (c == '.' && part < 2)
            {
                part++;
            }
            else
            {
                break;
            }
        }

        return (parts[0], parts[1], parts[2]);
    }
}
