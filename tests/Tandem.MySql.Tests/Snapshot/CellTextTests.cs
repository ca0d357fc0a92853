using System.Text;
using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Tests.Snapshot;

public sealed class CellTextTests
{
    [Fact]
    public void Sql_strings_escape_only_nul_quote_and_backslash()
    {
        Assert.Equal("'a\\0b\\'c\\\\d\ne\tf\xff'", Sql(CellKind.Bytes, [(byte)'a', 0, (byte)'b', (byte)'\'', (byte)'c', (byte)'\\', (byte)'d', (byte)'\n', (byte)'e', (byte)'\t', (byte)'f', 0xFF]));
    }

    [Fact]
    public void Numbers_are_copied_and_bits_become_unsigned_integers()
    {
        Assert.Equal("-12.50", Sql(CellKind.Number, "-12.50"u8.ToArray()));
        Assert.Equal("18446744073709551615", Sql(CellKind.Bit, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal("5", Sql(CellKind.Bit, [0x05]));
        Assert.Equal("_utf8mb4'{\"a\": 1}'", Sql(CellKind.Json, "{\"a\": 1}"u8.ToArray()));
    }

    [Fact]
    public void Load_data_fields_escape_nul_tab_newline_and_backslash()
    {
        using var buffer = new StatementBuffer(4);
        CellText.AppendLoadField(buffer, [(byte)'a', 0, (byte)'\t', (byte)'\n', (byte)'\\', (byte)'\r', (byte)'\'']);
        Assert.Equal("a\\0\\t\\n\\\\\r'", Latin1(buffer));
    }

    private static string Sql(CellKind kind, byte[] raw)
    {
        using var buffer = new StatementBuffer(2);
        CellText.AppendSql(buffer, kind, raw);
        return Latin1(buffer);
    }

    private static string Latin1(StatementBuffer buffer) => Encoding.Latin1.GetString(buffer.Written.Span);
}
