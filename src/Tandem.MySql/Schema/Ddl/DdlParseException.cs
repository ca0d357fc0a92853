using Tandem.Core.Errors;

namespace Tandem.MySql.Schema.Ddl;

/// <summary>The statement is not in the DDL grammar Tandem understands; the applier turns it into an Unparsed result.</summary>
internal sealed class DdlParseException : TandemException
{
    public DdlParseException(string message, int offset)
        : base(message, "Tandem reloads the affected tables from the server when it cannot follow a DDL statement.")
    {
        Offset = offset;
    }

    /// <summary>Character offset in the statement where parsing stopped.</summary>
    public int Offset { get; }
}
