namespace Tandem.MySql.Schema.Ddl;

internal enum DdlTokenKind
{
    /// <summary>An unquoted word: a keyword or a bare identifier; the parser decides which.</summary>
    Word,

    /// <summary>A `backquoted` identifier, with `` unescaped.</summary>
    QuotedIdentifier,

    /// <summary>A '...' or "..." literal, unescaped. (ANSI_QUOTES is not assumed: "x" is a string.)</summary>
    String,

    Number,

    /// <summary>Punctuation or an operator: ( ) , . ; = and the rest, one or two characters.</summary>
    Symbol,

    End,
}
