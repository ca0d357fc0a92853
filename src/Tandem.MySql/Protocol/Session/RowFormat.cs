namespace Tandem.MySql.Protocol.Session;

/// <summary>Rows of COM_QUERY are text; rows of COM_STMT_EXECUTE are binary.</summary>
internal enum RowFormat
{
    Text,
    Binary,
}
