using Tandem.Cli.Run;
using Tandem.Core.Replication;

namespace Tandem.IntegrationTests.Run;

public sealed class ProgressRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static ProgressSample Sample(double seconds, long copied = 0, long total = 0, long rows = 0, long transactions = 0) =>
        new(T0.AddSeconds(seconds), TaskPhase.Snapshotting, copied, total, 0, 0, rows, transactions, TimeSpan.Zero, 0);

    [Fact]
    public void Rates_are_deltas_over_the_time_between_samples()
    {
        var rates = ProgressRates.Between(Sample(0, copied: 100_000, rows: 10, transactions: 2), Sample(5, copied: 575_000, rows: 61_735, transactions: 7_502));

        Assert.Equal(95_000, rates.CopyRowsPerSecond);
        Assert.Equal(12_345, rates.RowsPerSecond);
        Assert.Equal(1_500, rates.TransactionsPerSecond);
    }

    [Fact]
    public void The_eta_is_the_rows_left_over_the_current_rate_rounded_up()
    {
        var rates = ProgressRates.Between(Sample(0, copied: 145_000, total: 800_000), Sample(1, copied: 240_000, total: 800_000));

        Assert.Equal(TimeSpan.FromSeconds(6), rates.CopyEta);
    }

    [Theory]
    [InlineData(0L, 0L, 100.0)]
    [InlineData(10L, 100L, 0.0)]
    public void The_eta_is_unknown_without_an_estimate_or_without_progress(long done, long total, double rate) =>
        Assert.Null(ProgressRates.Eta(done, total, rate));

    [Fact]
    public void A_copy_past_its_estimate_has_an_eta_of_zero()
    {
        Assert.Equal(TimeSpan.Zero, ProgressRates.Eta(1_200, 1_000, 50));
        Assert.Equal(100, ProgressRates.Percent(1_200, 1_000));
    }

    [Fact]
    public void Percent_rounds_down_and_is_unknown_without_an_estimate()
    {
        Assert.Equal(29, ProgressRates.Percent(299, 1_000));
        Assert.Null(ProgressRates.Percent(5, 0));
    }

    [Fact]
    public void Samples_at_the_same_instant_or_a_shrinking_counter_give_zero_rates()
    {
        Assert.Equal(new ProgressRates(0, 0, 0, null), ProgressRates.Between(Sample(1, copied: 5), Sample(1, copied: 10)));
        Assert.Equal(0, ProgressRates.Between(Sample(0, rows: 100), Sample(1, rows: 50)).RowsPerSecond);
    }

    [Fact]
    public void A_sample_reads_every_figure_of_the_metrics()
    {
        var metrics = new ReplicationMetrics("demo") { Phase = TaskPhase.Streaming };
        metrics.AddCopyTotals(10, 2);
        metrics.AddCopiedRows(7);
        metrics.TableCopied();
        metrics.AddApplied(30, 3, T0);
        metrics.SetLag(TimeSpan.FromSeconds(1.5));
        metrics.AddQueuedBytes(4096);

        Assert.Equal(new ProgressSample(T0, TaskPhase.Streaming, 7, 10, 1, 2, 30, 3, TimeSpan.FromSeconds(1.5), 4096), ProgressSample.Take(metrics, T0));
    }
}
