namespace Tandem.MySql.Schema;

/// <summary>What a statement did to the schema model.</summary>
public enum SchemaChangeKind
{
    /// <summary>Not a table change: views, routines, users, grants, DML, temporary tables, ...</summary>
    None,
    CreateTable,
    AlterTable,
    DropTable,
    RenameTable,
    TruncateTable,
    CreateIndex,
    DropIndex,
    CreateDatabase,
    AlterDatabase,
    DropDatabase,

    /// <summary>
    /// The statement may change tables but Tandem could not follow it (unknown syntax, or it contradicts the model).
    /// <see cref="SchemaChangeResult.Reload"/> lists the tables it names, if any; reload them or stop.
    /// </summary>
    Unparsed,
}
