namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// Spellings that a collation holds equal: each inner array is one value as the collation compares it, written in
/// different bytes (case, accents, trailing spaces under PAD SPACE, 'ß' as 's' or as "ss", Cyrillic ё/е, Greek έ/ε,
/// ligatures, emoji, mixed scripts). A key column given two spellings of one class holds one row, so a workload that
/// writes them collides on the target row without the bytes saying so. The differential test asks the server to confirm
/// every class before it runs (<see cref="DifferentialSchema.CheckRespellingsAsync"/>); see
/// https://mariadb.com/kb/en/supported-character-sets-and-collations/ for what each collation equates.
/// </summary>
internal static class Respellings
{
    /// <summary>Classes under utf8mb4_general_ci: 'ß' and 'ſ' are 's', accents and case are ignored, every emoji is equal.</summary>
    public static readonly string[][] GeneralCi =
    [
        ["Straße", "strase", "STRASE", "Straſe", "Straße "],
        ["ß", "s", "S", "ś", "ſ"],
        ["café", "cafe", "CAFÉ", "Cafe "],
        ["ёж", "еж", "ЁЖ", "Еж"],
        ["έλα", "ελα", "ΈΛΑ", "Ελα "],
        ["aёß", "AЕs", "aеS "],
        ["x😀", "x🙃", "X🐘"],
        ["ǅa", "ǆa", "ǄA"],
        // Latin "pa" and "pа" with a Cyrillic а look alike but are different values: two classes, never one row.
        ["pa", "PA", "pA "],
        ["pа", "PА"],
    ];

    /// <summary>Classes under utf8mb4_unicode_ci (UCA 4.0.0): 'ß' is "ss", ligatures and numerals expand, accents and case are ignored.</summary>
    public static readonly string[][] UnicodeCi =
    [
        ["Straße", "strasse", "STRASSE", "Straße "],
        ["ß", "ss", "SS", "sS"],
        ["café", "cafe", "CAFÉ", "Cafe "],
        ["ёж", "еж", "ЁЖ"],
        ["έλα", "ελα", "ΕΛΑ "],
        ["aёß", "AЕSS", "aеss "],
        ["ﬁx", "fix", "FIX"],
        ["ǆ", "dž", "DŽ"],
        ["Ⅻ", "XII", "xii"],
        ["x😀", "x🙃"],
        ["pa", "PA"],
        ["pа", "PА "],
    ];
}
