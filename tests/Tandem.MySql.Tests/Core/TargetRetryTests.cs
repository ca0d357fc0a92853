using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Errors;
using Tandem.Core.Replication;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Tests.Core;

public sealed class TargetRetryTests
{
    private static readonly MySqlConnectionException Lost = new("lost the connection while reading from mysql://t:3306: the server closed the connection", "reconnect");

    [Fact]
    public void Delays_start_at_a_tenth_of_a_second_and_double_up_to_five_seconds()
    {
        var backoff = new RetryBackoff(TargetRetry.FirstDelay, TargetRetry.MaxDelay, null);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 9; i++)
        {
            Assert.True(backoff.Failed());
            delays.Add(backoff.NextDelay);
        }

        Assert.Equal([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5], delays.Select(static d => Math.Round(d.TotalSeconds, 1)));
        backoff.Succeeded();
        Assert.Equal(TimeSpan.Zero, backoff.NextDelay);
        Assert.True(backoff.Failed());
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.NextDelay);
    }

    [Fact]
    public void The_metrics_say_waiting_for_target_while_any_operation_fails_and_stop_when_all_recovered()
    {
        var clock = new ManualTimeProvider();
        var metrics = new ReplicationMetrics("t");
        var retry = new TargetRetry("mysql://t:3306", metrics, NullLogger.Instance, clock: clock);
        using var writer = retry.Start("writer 0");
        using var checkpoint = retry.Start("the checkpoint");

        writer.Failed(Lost);
        var since = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(2));
        checkpoint.Failed(new MySqlConnectionException("connection refused"));
        Assert.True(retry.Waiting);
        Assert.Equal(new TargetWait(since, "connection refused"), metrics.TargetWaiting);
        Assert.Equal(2, metrics.TargetRetries);

        writer.Succeeded();
        Assert.NotNull(metrics.TargetWaiting);
        checkpoint.Succeeded();
        Assert.False(retry.Waiting);
        Assert.Null(metrics.TargetWaiting);
    }

    [Fact]
    public void An_operation_failing_for_longer_than_the_window_gives_up_with_one_error_naming_the_target()
    {
        var clock = new ManualTimeProvider();
        var metrics = new ReplicationMetrics("t");
        var retry = new TargetRetry("mysql://t:3306", metrics, NullLogger.Instance, TimeSpan.FromMinutes(10), clock);
        var attempts = retry.Start("writer 1");
        attempts.Failed(Lost);
        clock.Advance(TimeSpan.FromMinutes(9));
        attempts.Failed(Lost);
        clock.Advance(TimeSpan.FromMinutes(2));

        var error = Assert.Throws<TandemException>(() => attempts.Failed(Lost));

        Assert.Equal($"gave up waiting for the target mysql://t:3306 after 10 min: {Lost.Message}", error.Message);
        Assert.Contains("resumes from its checkpoint", error.Hint, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Same(Lost, error.InnerException);
        attempts.Dispose();
        Assert.False(retry.Waiting);
        Assert.Null(metrics.TargetWaiting);
    }

    [Fact]
    public void A_success_starts_the_window_afresh()
    {
        var clock = new ManualTimeProvider();
        var retry = new TargetRetry("mysql://t:3306", null, NullLogger.Instance, TimeSpan.FromMinutes(10), clock);
        using var attempts = retry.Start("writer 0");
        attempts.Failed(Lost);
        clock.Advance(TimeSpan.FromMinutes(8));
        attempts.Succeeded();
        attempts.Failed(Lost);
        clock.Advance(TimeSpan.FromMinutes(8));

        attempts.Failed(Lost);
    }

    [Fact]
    public async Task RunAsync_retries_transient_errors_and_passes_others_through_at_once()
    {
        var retry = new TargetRetry("mysql://t:3306", null, NullLogger.Instance);
        var calls = 0;
        var result = await retry.RunAsync("the checkpoint", _ => ++calls < 3 ? throw Lost : Task.FromResult(calls), CancellationToken.None);
        Assert.Equal(3, result);

        var refused = new MySqlServerException(1142, "42000", "UPDATE command denied to user 'tandem'");
        calls = 0;
        var error = await Assert.ThrowsAsync<MySqlServerException>(() => retry.RunAsync("the checkpoint", _ =>
        {
            calls++;
            throw refused;
        }, CancellationToken.None));
        Assert.Same(refused, error);
        Assert.Equal(1, calls);
        Assert.False(retry.Waiting);
    }

    [Theory]
    [InlineData(1205, "Lock wait timeout exceeded; try restarting transaction", true)]
    [InlineData(1213, "Deadlock found when trying to get lock; try restarting transaction", true)]
    [InlineData(1053, "Server shutdown in progress", true)]
    [InlineData(1927, "Connection was killed", true)]
    [InlineData(1290, "The MariaDB server is running with the --read-only option so it cannot execute this statement", true)]
    [InlineData(1836, "Running in read-only mode", true)]
    [InlineData(1290, "The MariaDB server is running with the --secure-file-priv option so it cannot execute this statement", false)]
    [InlineData(1142, "INSERT command denied to user 'tandem'@'127.0.0.1' for table 't'", false)]
    [InlineData(1264, "Out of range value for column 'v' at row 1", false)]
    [InlineData(1146, "Table 'shop.t' doesn't exist", false)]
    public void Server_errors_are_transient_only_when_a_later_attempt_may_succeed(int code, string message, bool transient) =>
        Assert.Equal(transient, new MySqlServerException(code, "HY000", message).IsTransient);
}
