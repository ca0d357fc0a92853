namespace Tandem.Core.Tasks;

/// <summary>What a full copy does with a target table that already holds rows when the task first starts.</summary>
public enum ExistingTablePolicy
{
    /// <summary>Stop with an error naming the table (the default: nothing on the target is overwritten unasked).</summary>
    Fail,

    /// <summary>Empty the table, then copy.</summary>
    Truncate,

    /// <summary>Keep the rows and copy over them by key (rows with equal keys are replaced).</summary>
    Append,
}
