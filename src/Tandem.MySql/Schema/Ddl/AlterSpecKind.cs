namespace Tandem.MySql.Schema.Ddl;

internal enum AlterSpecKind
{
    AddColumns,
    DropColumn,
    ChangeColumn,
    RenameColumn,
    AlterColumn,
    AddIndex,
    DropIndex,
    DropPrimaryKey,
    RenameIndex,
    DropConstraint,
    AddJsonCheck,
    RenameTable,
    ConvertCharset,
    TableCharset,
    ConvertPartitionToTable,
    ConvertTableToPartition,
    NoOp,
}
