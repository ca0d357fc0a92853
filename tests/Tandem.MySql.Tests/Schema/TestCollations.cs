using Tandem.MySql.Schema.Collations;

namespace Tandem.MySql.Tests.Schema;

/// <summary>Small weight tables shaped like a real collation's: case- and accent-insensitive Latin letters, 'ß' = "ss", NUL ignorable.</summary>
internal static class TestCollations
{
    public static CollationWeights CaseInsensitive(bool padSpace = true, bool endsAtNul = false)
    {
        var builder = new CollationWeightTable.Builder();
        for (var c = 0x20; c < 0x7f; c++)
            builder.Add(c, Weight(char.ToUpperInvariant((char)c)));
        foreach (var (accented, plain) in new[] { ('é', 'E'), ('É', 'E'), ('á', 'A'), ('ü', 'U') })
            builder.Add(accented, Weight(plain));
        builder.Add('ß', [.. Weight('S'), .. Weight('S')]);
        builder.Add(0x00a0, Weight(' ')); // a no-break space weighs like a space
        builder.Add(0, []);               // ignorable
        // "ch" weighs as one letter after 'H', in each of its spellings, as in Czech (but "cH" is two letters).
        byte[] ch = [0x0e, (byte)'H', 0x01];
        var contractions = new CollationContractions([(['c', 'h'], ch), (['C', 'h'], ch), (['C', 'H'], ch)]);
        return new CollationWeights("test_ci", builder.Build(), Weight(' '), padSpace, endsAtNul, contractions);
    }

    private static byte[] Weight(char c) => [0x0e, (byte)c];
}
