namespace Tandem.Core.Verify;

/// <summary>
/// What a server computes over a set of rows: their count, the exact sum and the XOR of a strong 64-bit hash of each
/// row's canonical encoding. The sum is kept exact (the server sums into DECIMAL), so duplicated rows add up instead of
/// cancelling as they would under XOR alone, and the XOR catches what a sum could balance out.
/// </summary>
public readonly record struct ChunkFingerprint(long Count, string Sum, ulong Xor)
{
    public static readonly ChunkFingerprint Empty = new(0, "0", 0);

    public bool IsEmpty => Count == 0;

    public override string ToString() => $"{Count} rows, sum {Sum}, xor {Xor:x16}";
}
