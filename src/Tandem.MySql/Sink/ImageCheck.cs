using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Sink;

/// <summary>Checks that a row change carries full images, and estimates the memory it holds.</summary>
internal static class ImageCheck
{
    private const long RowOverhead = 64;
    private const long ValueOverhead = 24;

    /// <summary>The approximate bytes the change holds; throws when a column was left out of an image.</summary>
    public static long Check(RowChange change, BinlogPosition position) =>
        RowOverhead + Check(change.Before, change, position) + Check(change.After, change, position);

    private static long Check(object?[]? image, RowChange change, BinlogPosition position)
    {
        if (image is null)
            return 0;
        long bytes = 0;
        foreach (var value in image)
        {
            switch (value)
            {
                case string s:
                    bytes += ValueOverhead + 2L * s.Length;
                    break;
                case byte[] b:
                    bytes += ValueOverhead + b.Length;
                    break;
                case not null when ReferenceEquals(value, ColumnValue.Absent):
                    throw new TandemException(
                        $"the {change.Kind.ToString().ToLowerInvariant()} of {change.Table.QualifiedName} at {position} lacks columns (the source logs partial row images), so it cannot be applied by key",
                        "set binlog_row_image=FULL on the source (SET GLOBAL binlog_row_image = 'FULL', and in the server's configuration), then restart the task from a position written after the change");
                default:
                    bytes += ValueOverhead;
                    break;
            }
        }

        return bytes;
    }
}
