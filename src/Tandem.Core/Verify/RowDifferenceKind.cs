namespace Tandem.Core.Verify;

/// <summary>How a row differs between the two sides.</summary>
public enum RowDifferenceKind
{
    /// <summary>The source has the row (or, without a key, more copies of it) and the target lacks it.</summary>
    OnlyInSource,

    /// <summary>The target has the row (or more copies of it) and the source does not.</summary>
    OnlyInTarget,

    /// <summary>Both have a row with this key, and some columns differ.</summary>
    Differing,
}
