namespace Tandem.MySql.Snapshot;

/// <summary>How copied rows reach the target.</summary>
internal enum CopyWriteMethod
{
    /// <summary>Multi-row INSERT (or REPLACE) statements of about <see cref="FullCopyOptions.StatementBytes"/> each.</summary>
    Insert,

    /// <summary>LOAD DATA LOCAL INFILE fed from memory, one load per statement buffer.</summary>
    LoadData,
}
