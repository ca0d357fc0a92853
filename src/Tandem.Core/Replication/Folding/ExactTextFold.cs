namespace Tandem.Core.Replication.Folding;

/// <summary>
/// Text equal only when its characters are: binary collations (MySQL's <c>*_bin</c>) and PostgreSQL's deterministic
/// collations. With <see cref="PadSpace"/>, trailing spaces do not count, as under a PAD SPACE collation, where a shorter
/// value compares as if padded with spaces.
/// </summary>
public sealed class ExactTextFold : IKeyTextFold
{
    private ExactTextFold(bool padSpace) => PadSpace = padSpace;

    /// <summary>Every character counts, trailing spaces too.</summary>
    public static ExactTextFold NoPad { get; } = new(padSpace: false);

    /// <summary>Every character counts but trailing spaces.</summary>
    public static ExactTextFold PadSpaceTrimmed { get; } = new(padSpace: true);

    public bool PadSpace { get; }

    public ulong Add(ulong hash, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        if (PadSpace)
            span = span.TrimEnd(' ');
        return KeyHash.AddChars(hash, span);
    }
}
