using System.Globalization;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Verify;

/// <summary>SQL for time-slice mode: a row filter for a window of the time column, and a slice's number.</summary>
internal static class SliceWindow
{
    public static string Filter(string column, DateTime from, DateTime until, string? where)
    {
        var window = $"{SqlLiteral.QuoteIdentifier(column)} >= {Literal(from)} AND {SqlLiteral.QuoteIdentifier(column)} < {Literal(until)}";
        return where is null ? window : $"({where}) AND {window}";
    }

    /// <summary>The slice a row falls in: whole slices since the window's start.</summary>
    public static string Number(string column, DateTime since, TimeSpan slice) =>
        string.Create(CultureInfo.InvariantCulture,
            $"TIMESTAMPDIFF(MICROSECOND, {Literal(since)}, {SqlLiteral.QuoteIdentifier(column)}) DIV {slice.Ticks / TimeSpan.TicksPerMicrosecond}");

    public static string Literal(DateTime time) =>
        SqlLiteral.Quote(time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
}
