using Tandem.MySql.Snapshot;

namespace Tandem.MySql.Tests.Snapshot;

public sealed class ChunkPredicateTests
{
    [Fact]
    public void A_single_column_chunk_excludes_its_lower_bound_and_includes_its_upper()
    {
        Assert.Equal("`id` > 10 AND `id` <= 20", ChunkPredicate.Build(["id"], ["10"], ["20"]));
        Assert.Equal("`id` <= 20", ChunkPredicate.Build(["id"], null, ["20"]));
        Assert.Equal("`id` > 10", ChunkPredicate.Build(["id"], ["10"], null));
        Assert.Equal("TRUE", ChunkPredicate.Build(["id"], null, null));
    }

    [Fact]
    public void A_composite_key_is_compared_by_expansion_led_by_its_first_column()
    {
        Assert.Equal(
            "(`a` >= 1 AND ((`a` > 1) OR (`a` = 1 AND `b` > 'x') OR (`a` = 1 AND `b` = 'x' AND `c` > 3)))",
            ChunkPredicate.Build(["a", "b", "c"], ["1", "'x'", "3"], null));
        Assert.Equal(
            "(`a` <= 2 AND ((`a` < 2) OR (`a` = 2 AND `b` <= 'y')))",
            ChunkPredicate.Build(["a", "b"], null, ["2", "'y'"]));
    }

    [Fact]
    public void Identifiers_are_quoted()
    {
        Assert.Equal("`we``ird` > 1", ChunkPredicate.Build(["we`ird"], ["1"], null));
    }

    [Fact]
    public void A_bound_of_the_wrong_width_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChunkPredicate.Build(["a", "b"], ["1"], null));
    }
}
