using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Binlog.Events;

/// <summary>
/// The status variables of a QUERY event that matter to Tandem: the session's sql_mode and character sets the
/// statement ran under. Status variables are a code byte each and a code-specific value with no length, so parsing
/// stops at the first unknown code (the database name and statement are still found from the declared length).
/// Codes: MySQL libbinlogevents/include/statement_events.h (Q_FLAGS2_CODE ... Q_DEFAULT_TABLE_ENCRYPTION);
/// MariaDB adds Q_HRNOW (128), Q_XID (129), Q_GTID_FLAGS3 (130).
/// </summary>
public sealed record QueryStatusVariables
{
    public static readonly QueryStatusVariables Empty = new();

    public ulong? SqlMode { get; init; }

    /// <summary>character_set_client, as a collation id.</summary>
    public ushort? ClientCollation { get; init; }

    public ushort? ConnectionCollation { get; init; }

    public ushort? ServerCollation { get; init; }

    /// <summary>collation_database when it differs from the server's.</summary>
    public ushort? DatabaseCollation { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>MySQL 8: the DDL is logged with an XID (atomic DDL).</summary>
    public ulong? DdlXid { get; init; }

    public ushort? DefaultUtf8Mb4Collation { get; init; }

    internal static QueryStatusVariables Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new PayloadReader(bytes, "query event status variables");
        var result = new QueryStatusVariables();
        while (!reader.AtEnd)
        {
            var code = reader.ReadByte();
            switch (code)
            {
                case 0: reader.Skip(4); break; // Q_FLAGS2
                case 1: result = result with { SqlMode = reader.ReadUInt64() }; break;
                case 2: reader.Skip(reader.ReadByte() + 1); break; // Q_CATALOG (old, NUL-terminated)
                case 3: reader.Skip(4); break; // Q_AUTO_INCREMENT
                case 4:
                    result = result with { ClientCollation = reader.ReadUInt16(), ConnectionCollation = reader.ReadUInt16(), ServerCollation = reader.ReadUInt16() };
                    break;
                case 5: result = result with { TimeZone = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(reader.ReadByte())) }; break;
                case 6: reader.Skip(reader.ReadByte()); break; // Q_CATALOG_NZ
                case 7: reader.Skip(2); break; // Q_LC_TIME_NAMES
                case 8: result = result with { DatabaseCollation = reader.ReadUInt16() }; break;
                case 9: reader.Skip(8); break; // Q_TABLE_MAP_FOR_UPDATE
                case 10: reader.Skip(4); break; // Q_MASTER_DATA_WRITTEN
                case 11: reader.Skip(reader.ReadByte()); reader.Skip(reader.ReadByte()); break; // Q_INVOKER user, host
                case 12: SkipUpdatedDatabases(ref reader); break;
                case 13: reader.Skip(3); break; // Q_MICROSECONDS
                case 16: reader.Skip(1); break; // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
                case 17: result = result with { DdlXid = reader.ReadUInt64() }; break;
                case 18: result = result with { DefaultUtf8Mb4Collation = reader.ReadUInt16() }; break;
                case 19: reader.Skip(1); break; // Q_SQL_REQUIRE_PRIMARY_KEY
                case 20: reader.Skip(1); break; // Q_DEFAULT_TABLE_ENCRYPTION
                case 128: reader.Skip(3); break; // MariaDB Q_HRNOW
                case 129: reader.Skip(8); break; // MariaDB Q_XID
                case 130: reader.Skip(1); break; // MariaDB Q_GTID_FLAGS3
                default: return result;
            }
        }

        return result;
    }

    private static void SkipUpdatedDatabases(ref PayloadReader reader)
    {
        // A count, then that many NUL-terminated names; 254 (OVER_MAX_DBS_IN_EVENT_MTS) means no names follow.
        var count = reader.ReadByte();
        if (count == 254)
            return;
        for (var i = 0; i < count; i++)
            reader.ReadNullTerminatedBytes();
    }
}
