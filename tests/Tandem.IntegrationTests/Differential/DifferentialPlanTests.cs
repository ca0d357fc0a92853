namespace Tandem.IntegrationTests.Differential;

/// <summary>What a seed decides besides the workload: when tandem is killed and the batch size of its task.</summary>
public sealed class DifferentialPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(987_654_321)]
    public void A_seed_plans_the_same_kills_copy_first_at_growing_fractions(int seed)
    {
        var plan = KillMoment.Plan(seed, copyKills: 2, streamingKills: 6, TimeSpan.FromSeconds(45));
        Assert.Equal(plan, KillMoment.Plan(seed, copyKills: 2, streamingKills: 6, TimeSpan.FromSeconds(45)));
        Assert.Equal([true, true, false, false, false, false, false, false], plan.Select(static m => m.DuringCopy));
        Assert.True(plan[0].CopiedFraction <= plan[1].CopiedFraction);
        Assert.All(plan.Take(2), static m => Assert.InRange(m.CopiedFraction, 0.05, 0.8));
        Assert.All(plan.Skip(2), static m => Assert.InRange(m.IntoStreaming, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(45.0 / 7)));
        Assert.NotEqual(plan, KillMoment.Plan(seed + 1, copyKills: 2, streamingKills: 6, TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void A_run_of_seeds_covers_every_batch_size_and_keeps_seeds_positive()
    {
        int[] seeds = [.. new[] { 1, 2, 3, int.MaxValue - 3, 1_000_000 }.Select(static (s, i) => DifferentialTask.WithBatchSizeOf(s, i))];
        Assert.All(seeds, static s => Assert.True(s > 0));
        Assert.Equal([20, 2_000, 200, 20, 2_000], seeds.Select(DifferentialTask.BatchRowsFor));
    }
}
