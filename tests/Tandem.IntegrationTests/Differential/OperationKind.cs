namespace Tandem.IntegrationTests.Differential;

/// <summary>What a workload transaction does; each kind is a shape of change that is hard to apply in the right order.</summary>
internal enum OperationKind
{
    /// <summary>Several updates of a few hot rows, in a random order (so sessions deadlock).</summary>
    HotRowUpdates,

    /// <summary>Two rows exchange a unique value through a temporary value.</summary>
    UniqueSwapThroughTemporary,

    /// <summary>Two rows exchange a unique value through NULL (a NULL in a unique key conflicts with nothing).</summary>
    UniqueSwapThroughNull,

    /// <summary>Two rows exchange their primary keys through a temporary key.</summary>
    PrimaryKeySwap,

    /// <summary>A primary key changes: to a free key, to a collation-equal respelling, or a range shifted by one.</summary>
    PrimaryKeyUpdate,

    /// <summary>A row is deleted and inserted again in one transaction, with the same or a respelled key.</summary>
    DeleteAndReinsert,

    /// <summary>A row is deleted in one transaction and inserted again, respelled, in the session's next one.</summary>
    DeleteThenReinsertLater,

    /// <summary>A key is written in another spelling its collation holds equal (update, upsert, INSERT IGNORE).</summary>
    Respelling,

    /// <summary>REPLACE and upserts that meet other rows on a secondary unique key.</summary>
    ReplaceAcrossKeys,

    /// <summary>Unique keys set to NULL and back, rows inserted with NULL unique values.</summary>
    NullsInUniqueKeys,

    /// <summary>Inserts, updates and deletes by a composite primary key, with a unique key over two nullable columns.</summary>
    CompositeKey,

    /// <summary>Parents and children of RESTRICT / NO ACTION foreign keys, some changes refused by them.</summary>
    ParentAndChild,

    /// <summary>Thousands of narrow rows in one transaction, with hot rows in it.</summary>
    LargeTransaction,

    /// <summary>A transaction over a quarter of the task's memory budget, which the sink applies alone.</summary>
    OverQuarterOfBudget,

    /// <summary>Writes ended by ROLLBACK: nothing of them may reach the target.</summary>
    ExplicitRollback,

    /// <summary>A statement fails on a duplicate key mid-transaction; the server undoes that statement and the rest commits.</summary>
    DuplicateKeyMidTransaction,
}
