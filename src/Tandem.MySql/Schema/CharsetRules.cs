namespace Tandem.MySql.Schema;

/// <summary>
/// How the server fills in a character set and collation left implicit
/// (https://dev.mysql.com/doc/refman/8.4/en/charset-column.html): a collation alone implies its set, a set alone
/// its default collation, neither the enclosing default (table, then database, then server).
/// </summary>
internal static class CharsetRules
{
    public static string DefaultCollation(SchemaCatalogOptions options, string charset) =>
        options.DefaultCollations.TryGetValue(charset, out var collation) ? collation : charset + "_general_ci";

    public static int MaxBytes(SchemaCatalogOptions options, string charset) =>
        options.MaxBytesPerCharacter.TryGetValue(charset, out var bytes) ? bytes : 1;

    public static string CharsetOf(SchemaCatalogOptions options, string collation)
    {
        if (collation == "binary")
            return "binary";

        // The longest known charset name that prefixes the collation: "utf8mb4_bin" is utf8mb4, not utf8.
        string? best = null;
        foreach (var charset in options.DefaultCollations.Keys)
        {
            if (collation.StartsWith(charset + "_", StringComparison.OrdinalIgnoreCase) && (best is null || charset.Length > best.Length))
                best = charset;
        }

        if (best is not null)
            return best;
        var underscore = collation.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 ? collation[..underscore] : collation;
    }

    public static (string CharacterSet, string Collation) Resolve(
        SchemaCatalogOptions options, string? charset, string? collation, bool binaryCollation, string fallbackCharset, string fallbackCollation)
    {
        if (charset is not null && charset.Equals("default", StringComparison.OrdinalIgnoreCase))
            charset = null;
        if (collation is not null && collation.Equals("default", StringComparison.OrdinalIgnoreCase))
            collation = null;
        charset = charset is null ? null : CharacterSets.NormalizeCharset(charset);
        collation = collation is null ? null : CharacterSets.NormalizeCollation(collation);

        string cs;
        string coll;
        if (collation is not null)
        {
            cs = charset ?? CharsetOf(options, collation);
            // MariaDB 11 collations without a charset prefix (uca1400_ai_ci) are reported with the set's name in front.
            coll = collation == "binary" || collation.StartsWith(cs + "_", StringComparison.Ordinal) ? collation : cs + "_" + collation;
        }
        else if (charset is not null)
        {
            cs = charset;
            coll = DefaultCollation(options, charset);
        }
        else
        {
            cs = fallbackCharset;
            coll = fallbackCollation;
        }

        if (binaryCollation)
            coll = cs == "binary" ? "binary" : cs + "_bin";
        return (cs, coll);
    }
}
