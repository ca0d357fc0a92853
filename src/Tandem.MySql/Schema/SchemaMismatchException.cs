using Tandem.Core.Errors;

namespace Tandem.MySql.Schema;

/// <summary>
/// A statement the server accepted contradicts the model (a column it drops is not there, a table it creates
/// already is): the model has drifted from the server. The applier turns it into an Unparsed result.
/// </summary>
internal sealed class SchemaMismatchException : TandemException
{
    public SchemaMismatchException(string message)
        : base(message, "Reload the named tables from the server; if this repeats, report the statement to the Tandem project.")
    {
    }
}
