using Tandem.Core.Replication;

namespace Tandem.MySql.Tests.Schema;

public sealed class CollationWeightsTests
{
    private static ulong Hash(string text, bool padSpace = true) => TestCollations.CaseInsensitive(padSpace).Add(KeyHash.Start("t"), text);

    [Fact]
    public void Text_folds_to_its_characters_weights_so_case_and_accents_that_weigh_alike_fold_alike()
    {
        Assert.Equal(Hash("cafe"), Hash("CAFÉ"));
        Assert.NotEqual(Hash("cafe"), Hash("cafd"));
        Assert.NotEqual(Hash("cafe"), Hash(" cafe"));
    }

    [Fact]
    public void A_character_that_weighs_like_two_folds_like_them_and_an_ignorable_one_adds_nothing()
    {
        Assert.Equal(Hash("strasse"), Hash("STRAßE"));
        Assert.Equal(Hash("ab"), Hash("a\0b"));
        Assert.NotEqual(Hash("strase"), Hash("straße"));
    }

    [Fact]
    public void Pad_space_drops_trailing_weights_of_a_space_whatever_character_carries_them()
    {
        Assert.Equal(Hash("a"), Hash("a  "));
        Assert.Equal(Hash("a"), Hash("a \u00a0"));
        Assert.NotEqual(Hash("a"), Hash("a \0x"));
        Assert.NotEqual(Hash("a", padSpace: false), Hash("a ", padSpace: false));
        Assert.Equal(Hash("", padSpace: true), Hash("   ", padSpace: true));
    }

    [Fact]
    public void A_character_the_table_does_not_hold_equals_only_itself()
    {
        Assert.NotEqual(Hash("a\u4e00"), Hash("a\u4e01"));
        Assert.Equal(Hash("A\u4e00"), Hash("a\u4e00"));
        Assert.NotEqual(Hash("😀"), Hash("😃"));
    }

    [Fact]
    public void Long_text_of_expanding_characters_hashes_as_its_whole_weight()
    {
        var sharp = new string('ß', 500);
        var doubled = new string('s', 1000);
        Assert.Equal(Hash(doubled), Hash(sharp));
        Assert.Equal(Hash(doubled + "x"), Hash(sharp + "X"));
    }

    [Fact]
    public void A_collation_that_compares_up_to_a_nul_folds_only_that_far()
    {
        var nul = TestCollations.CaseInsensitive(endsAtNul: true);
        Assert.Equal(nul.Add(1, "x\0b"), nul.Add(1, "X\0c"));
        Assert.NotEqual(nul.Add(1, "x\0b"), nul.Add(1, "y\0b"));
        Assert.NotEqual(Hash("xa\0b"), Hash("xa\0c"));
    }

    [Fact]
    public void A_contraction_folds_by_its_own_weight_longest_match_first()
    {
        Assert.Equal(Hash("chata"), Hash("CHATA"));
        Assert.NotEqual(Hash("chata"), Hash("c\0hata"));
        Assert.Equal(Hash("cchata"), Hash("Cchata"));
        Assert.NotEqual(Hash("ch"), Hash("hc"));
        Assert.NotEqual(Hash("chata"), Hash("cHata"));
    }
}
