using System.Diagnostics;
using Tandem.MySql.Protocol;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Connection;

/// <summary>A server that stops answering ends in a connection error within the configured time, not a hang.</summary>
public sealed class TimeoutTests
{
    private const string Password = "timeout-pw";

    [Fact]
    public async Task Listener_that_never_greets_fails_within_the_connect_timeout()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            // Say nothing; wait for the client to give up.
            await c.ExpectClientClosesAsync();
        });

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<MySqlConnectionException>(
            () => MySqlConnection.OpenAsync(server.Uri(Password, "connect-timeout=500ms")).WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Stop();

        await server.NextSessionAsync();
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Contains("did not complete the handshake", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connect-timeout", ex.Hint, StringComparison.Ordinal);
        SecretAssert.NotIn(Password, ex);
    }

    [Fact]
    public async Task Query_without_an_answer_fails_after_the_read_timeout_and_marks_the_connection_unusable()
    {
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql());
            await c.ExpectClientClosesAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Uri(Password, "read-timeout=500ms")))
        {
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<MySqlConnectionException>(() => connection.QueryAsync("SELECT SLEEP(100)").WaitAsync(TimeSpan.FromSeconds(10)));
            clock.Stop();

            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
            Assert.Contains("no answer within 0.5 s", ex.Message, StringComparison.Ordinal);
            Assert.True(connection.Session.IsBroken);
            SecretAssert.NotIn(Password, ex);
        }

        await server.NextSessionAsync();
    }
}
