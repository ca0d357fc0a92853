namespace Tandem.Core.Replication.Conflicts;

/// <summary>How an incoming change disagreed with the target row it meets.</summary>
public enum ConflictKind
{
    /// <summary>An update found the row, but not as the change's before-image.</summary>
    UpdateDiffers,

    /// <summary>An update found no row.</summary>
    UpdateMissing,

    /// <summary>A delete found the row, but not as the change's before-image.</summary>
    DeleteDiffers,

    /// <summary>A delete found no row.</summary>
    DeleteMissing,

    /// <summary>An insert met a row holding its key.</summary>
    InsertExists,
}

public static class ConflictKindText
{
    /// <summary>The name written to tandem_meta.conflicts and the metrics: update_differs, insert_exists, ...</summary>
    public static string Name(this ConflictKind kind) => kind switch
    {
        ConflictKind.UpdateDiffers => "update_differs",
        ConflictKind.UpdateMissing => "update_missing",
        ConflictKind.DeleteDiffers => "delete_differs",
        ConflictKind.DeleteMissing => "delete_missing",
        _ => "insert_exists",
    };
}
