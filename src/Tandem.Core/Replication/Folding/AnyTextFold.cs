namespace Tandem.Core.Replication.Folding;

/// <summary>
/// Holds every text equal to every other: the fold for a column whose collation Tandem cannot read, so that nothing is
/// assumed about it. Changes of such a key then all touch one key and keep their source order, at the cost of running
/// one after another.
/// </summary>
public sealed class AnyTextFold : IKeyTextFold
{
    private AnyTextFold()
    {
    }

    public static AnyTextFold Instance { get; } = new();

    public ulong Add(ulong hash, string text) => hash;
}
