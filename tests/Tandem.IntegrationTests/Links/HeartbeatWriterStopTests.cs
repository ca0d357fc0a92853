using Tandem.Cli.Run.Links;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Links;

/// <summary>
/// A link's stop can land between a heartbeat's tick and its send (on a busy machine the thread may be descheduled
/// right there): the writer must end quietly, as for any other stop, not fail the link with a lost connection. The
/// clock the writer reads just before each send is what cancels, so the stop lands exactly in that window every time.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class HeartbeatWriterStopTests(MariaDbFixture db, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_stop_between_a_heartbeats_tick_and_its_send_ends_the_writer_quietly(int cutBeat)
    {
        var link = DatabaseNames.Unique("hbstop").Replace('_', '-');
        using var stop = new CancellationTokenSource();
        var clock = new CancelOnRead(stop, cutBeat);
        var writer = new HeartbeatWriter(link, "a", MySqlConnectionOptions.Parse(db.Server.Uri), TimeSpan.FromMilliseconds(100), clock, new TestOutputLogger(output, "heartbeat"));

        var ex = await Record.ExceptionAsync(() => writer.RunAsync(stop.Token).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Null(ex);
        Assert.Equal(cutBeat, clock.Reads);

        // The beats before the cut were written; the cut one never left.
        await using var connection = await MySqlConnection.OpenAsync(db.Server.Uri);
        var written = await connection.QueryScalarAsync($"SELECT MAX(beat) FROM tandem_meta.heartbeat WHERE link = '{link}' AND origin = 'a'");
        Assert.Equal(cutBeat - 1, written is null ? 0 : Convert.ToInt64(written, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The system clock, except that its <paramref name="cutAt"/>th reading cancels the writer's token.</summary>
    private sealed class CancelOnRead(CancellationTokenSource stop, int cutAt) : TimeProvider
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _reads) == cutAt)
                stop.Cancel();
            return base.GetUtcNow();
        }
    }
}
