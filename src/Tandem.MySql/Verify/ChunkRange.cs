namespace Tandem.MySql.Verify;

/// <summary>A key range: above <see cref="Lower"/> (exclusive) and up to <see cref="Upper"/> (inclusive), either open; values are SQL literals.</summary>
internal sealed record ChunkRange(IReadOnlyList<string>? Lower, IReadOnlyList<string>? Upper)
{
    public static readonly ChunkRange All = new(null, null);

    public override string ToString() =>
        $"({(Lower is null ? "-inf" : string.Join(",", Lower))} .. {(Upper is null ? "+inf" : string.Join(",", Upper))}]";
}
