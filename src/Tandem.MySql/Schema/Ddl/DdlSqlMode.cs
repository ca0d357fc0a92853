namespace Tandem.MySql.Schema.Ddl;

/// <summary>
/// The parts of a session's sql_mode that change how a statement is tokenized, from the bits a QUERY event logs
/// (Q_SQL_MODE; MODE_ANSI_QUOTES = 0x4, MODE_NO_BACKSLASH_ESCAPES = 0x100000 in sql_class.h, the same in MariaDB).
/// See https://dev.mysql.com/doc/refman/8.4/en/sql-mode.html.
/// </summary>
public readonly record struct DdlSqlMode(bool AnsiQuotes, bool NoBackslashEscapes)
{
    private const ulong AnsiQuotesBit = 0x4;
    private const ulong NoBackslashEscapesBit = 0x100000;

    public static DdlSqlMode FromBits(ulong? bits) =>
        bits is { } value ? new DdlSqlMode((value & AnsiQuotesBit) != 0, (value & NoBackslashEscapesBit) != 0) : default;

    public ulong? ToBits() => this == default ? null : (AnsiQuotes ? AnsiQuotesBit : 0) | (NoBackslashEscapes ? NoBackslashEscapesBit : 0);
}
