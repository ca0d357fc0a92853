using System.Globalization;
using Tandem.Core.Errors;
using Tandem.Core.Units;

namespace Tandem.MySql.Sink;

/// <summary>
/// A row holds a value larger than the target's max_allowed_packet: the server refuses such a value even sent in pieces
/// (it assembles long data and checks it against max_allowed_packet), so no retry can write it. Fatal, and says what to raise.
/// </summary>
internal sealed class RowTooLargeException : TandemException
{
    /// <summary>The largest max_allowed_packet MySQL and MariaDB accept (https://mariadb.com/kb/en/server-system-variables/#max_allowed_packet).</summary>
    private const long MaxSetting = 1L << 30;

    public RowTooLargeException(string table, string key, string column, long sentBytes, long sourceBytes, long maxPacket, string where)
        : base(Describe(table, key, column, sentBytes, sourceBytes, maxPacket, where), HintFor(sentBytes))
    {
    }

    private static string Describe(string table, string key, string column, long sent, long source, long maxPacket, string where)
    {
        var asSent = sent == source ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {sent} bytes as sent in UTF-8");
        return string.Create(CultureInfo.InvariantCulture,
            $"the row of {table} with key ({key}) from source {where} holds {ByteSize.Format(source)} ({source} bytes on the source{asSent}) in column `{column}`, more than the target's max_allowed_packet of {ByteSize.Format(maxPacket)} ({maxPacket} bytes): the target refuses a value that large even when it is sent in pieces");
    }

    private static string HintFor(long sent)
    {
        // The next multiple of 16 MiB with room for the packet's header.
        var needed = ((sent + 1024 + (16L << 20) - 1) / (16L << 20)) * (16L << 20);
        if (needed > MaxSetting)
        {
            return "max_allowed_packet cannot exceed 1 GiB, so no MySQL-family server takes this value in a statement: " +
                "leave the table out of the task with '!db.table', or keep such values out of the column";
        }

        var megabytes = needed / (1L << 20);
        return string.Create(CultureInfo.InvariantCulture,
            $"raise max_allowed_packet on the target to at least {megabytes}M (SET GLOBAL max_allowed_packet = {needed}; and max_allowed_packet = {megabytes}M under [mysqld] in its configuration so a restart keeps it), then run the task again: it resumes from its checkpoint");
    }
}
