namespace Tandem.MySql.Schema.Ddl;

/// <summary>One token of a DDL statement; <see cref="Text"/> is unescaped for identifiers and strings.</summary>
internal readonly record struct DdlToken(DdlTokenKind Kind, string Text, int Offset)
{
    public bool IsWord(string word) =>
        Kind == DdlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == DdlTokenKind.Symbol && Text == symbol;

    /// <summary>A name: a bare word or a backquoted identifier.</summary>
    public bool IsName => Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier;

    public override string ToString() => Kind == DdlTokenKind.End ? "end of statement" : $"'{Text}'";
}
