using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>
/// Rows near and over the target's max_allowed_packet, through `tandem run` as a process. A 64 MiB BLOB is twice that as
/// a hex literal, more than a 96 MiB packet holds: the row must still be copied and streamed (its large values sent as
/// long data, in pieces), the status line must show it queued while the target holds it, and the process's peak
/// resident set must stay a small multiple of the row. A value larger than max_allowed_packet itself must fail the task
/// once, naming the table, the key, the size and the setting to raise.
/// </summary>
[Collection(ReplicationPairCollection.Name)]
public sealed partial class LargeRowTests(ReplicationPairFixture pair, ITestOutputHelper output)
{
    private const long MiB = 1L << 20;

    /// <summary>
    /// Peak resident set allowed for these rows (a 64 MiB row copied, 96 MiB and 20 MiB rows inserted, a 128 MiB update
    /// applied, retried once its lock wait runs out on a busy machine). The event, its spilled body read back and the
    /// decoded values are each in memory once, with the garbage the GC has not yet returned; writing values as hex
    /// literals (twice the bytes, then UTF-8, then StringBuilder growth) peaked at 2.9 GiB for the insert and update alone.
    /// </summary>
    private const long PeakLimitBytes = 1536 * MiB;

    [Fact]
    public async Task A_64_MiB_value_is_copied_and_streamed_to_a_target_whose_max_allowed_packet_is_96_MiB()
    {
        var database = DatabaseNames.Unique("bigrow");
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await source.ExecuteAsync($"CREATE DATABASE `{database}`");
        await source.ExecuteAsync($"USE `{database}`");
        await source.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20), b LONGBLOB, tx LONGTEXT CHARACTER SET utf8mb4)");
        // Bytes a text literal escapes (NUL, quote, backslash, newline), so nothing but the exact bytes can pass.
        await source.ExecuteAsync("INSERT INTO t VALUES (1, 'copied', REPEAT(X'00FF275C', 16 * 1024 * 1024), NULL)");

        await using var packet = await TargetPacketAsync(96 * MiB);
        var file = TestTasks.WriteFile(pair, database);
        using var tandem = TandemProcess.Run(file, reportPeakRss: true);
        var exited = tandem.WaitForExitAsync();
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, exited, TimeSpan.FromMinutes(5));

        // Streamed: a 64 MiB BLOB with 32 MiB of four-byte characters (a transaction applied alone), then a 20 MiB BLOB
        // (one a writer takes).
        await source.ExecuteAsync("INSERT INTO t VALUES (2, 'streamed', REPEAT(X'AB', 64 * 1024 * 1024), REPEAT('😀', 8 * 1024 * 1024))");
        await source.ExecuteAsync("INSERT INTO t VALUES (3, 'writer', REPEAT(X'5C27', 10 * 1024 * 1024), REPEAT('x', 100))");
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, exited, TimeSpan.FromMinutes(5));

        // The update (128 MiB of row images) waits on a row lock on the target: meanwhile the status line shows it queued.
        var seen = tandem.Output.Length;
        await using (var holder = await MySqlConnection.OpenAsync(pair.Target.Uri))
        {
            await holder.ExecuteAsync("BEGIN");
            await holder.ExecuteAsync($"SELECT id FROM `{database}`.t WHERE id = 2 FOR UPDATE");
            await source.ExecuteAsync("UPDATE t SET b = REPEAT(X'CD', 64 * 1024 * 1024), note = 'updated' WHERE id = 2");
            Assert.True(
                await Eventually.TrueWithinAsync(() => MaxQueued(tandem.Output[seen..]) >= 128 * MiB || exited.IsCompleted, TimeSpan.FromMinutes(2)),
                $"no status line showed the update queued:\n{Tail(tandem.Output[seen..])}");
            Assert.False(exited.IsCompleted, tandem.Output);
            await holder.ExecuteAsync("ROLLBACK");
        }

        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, exited, TimeSpan.FromMinutes(5));
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        Assert.Equal(await DigestsAsync(source, database), await DigestsAsync(target, database));
        await TableComparison.AssertIdenticalAsync(pair.Source.Uri, database, pair.Target.Uri, database);

        Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        var peak = PeakRss().Match(tandem.Output);
        Assert.True(peak.Success, $"no peak RSS in: {Tail(tandem.Output)}");
        var peakBytes = (long)(double.Parse(peak.Groups[1].Value, CultureInfo.InvariantCulture) * MiB);
        output.WriteLine($"peak RSS of tandem run over a 64 MiB row copied, inserted and updated: {peakBytes / MiB} MiB (limit {PeakLimitBytes / MiB} MiB)");
        Assert.True(peakBytes < PeakLimitBytes, $"peak RSS {peakBytes / MiB} MiB");
        Assert.DoesNotContain("retrying", tandem.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_larger_than_the_targets_max_allowed_packet_fails_the_task_once_naming_table_key_size_and_setting()
    {
        var database = DatabaseNames.Unique("toobig");
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await source.ExecuteAsync($"CREATE DATABASE `{database}`");
        await source.ExecuteAsync($"USE `{database}`");
        await source.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, b LONGBLOB)");

        await using var packet = await TargetPacketAsync(32 * MiB);
        var file = TestTasks.WriteFile(pair, database);
        using var tandem = TandemProcess.Run(file);
        var exited = tandem.WaitForExitAsync();
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, exited, TimeSpan.FromMinutes(3));

        await source.ExecuteAsync("INSERT INTO t VALUES (7, REPEAT(X'AB', 40 * 1024 * 1024))");
        var started = DateTime.UtcNow;
        await exited.WaitAsync(TimeSpan.FromMinutes(2));
        var took = DateTime.UtcNow - started;
        var code = await tandem.StopAsync(TimeSpan.FromSeconds(10));
        output.WriteLine(Tail(tandem.Output));

        Assert.Equal(1, code);
        Assert.Contains($"{database}.t with key (id=7)", tandem.Output, StringComparison.Ordinal);
        Assert.Contains("40 MiB (41943040 bytes on the source) in column `b`", tandem.Output, StringComparison.Ordinal);
        Assert.Contains("max_allowed_packet of 32 MiB", tandem.Output, StringComparison.Ordinal);
        Assert.Contains("SET GLOBAL max_allowed_packet = 50331648", tandem.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retrying", tandem.Output, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(45), $"the task took {took} to fail");
    }

    [Fact]
    public async Task A_value_larger_than_the_targets_max_allowed_packet_is_copied_since_load_data_streams_it()
    {
        var database = DatabaseNames.Unique("copybig");
        await using var source = await MySqlConnection.OpenAsync(pair.Source.Uri);
        await source.ExecuteAsync($"CREATE DATABASE `{database}`");
        await source.ExecuteAsync($"USE `{database}`");
        await source.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20), b LONGBLOB, tx LONGTEXT)");
        await source.ExecuteAsync("INSERT INTO t VALUES (7, 'copied', REPEAT(X'00FF275C', 10 * 1024 * 1024), NULL)");

        // The copy's LOAD DATA LOCAL sends the file in packets of its own size, so the 40 MiB row is not one packet.
        await using var packet = await TargetPacketAsync(32 * MiB);
        var file = TestTasks.WriteFile(pair, database);
        using var tandem = TandemProcess.Run(file);
        await ReplicationWait.UntilAppliedAsync(pair.Source.Uri, pair.Target.Uri, database, tandem.WaitForExitAsync(), TimeSpan.FromMinutes(3));

        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        Assert.Equal(await DigestsAsync(source, database), await DigestsAsync(target, database));
        Assert.Equal(0, await tandem.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain("retrying", tandem.Output, StringComparison.Ordinal);
    }

    /// <summary>Sets the target's max_allowed_packet for new connections, and restores it when disposed.</summary>
    private async Task<IAsyncDisposable> TargetPacketAsync(long bytes)
    {
        await using var target = await MySqlConnection.OpenAsync(pair.Target.Uri);
        var before = Convert.ToInt64(await target.QueryScalarAsync("SELECT @@GLOBAL.max_allowed_packet"), CultureInfo.InvariantCulture);
        await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL max_allowed_packet = {bytes}"));
        return new Restore(pair.Target.Uri, before);
    }

    private static async Task<List<string>> DigestsAsync(MySqlConnection connection, string database)
    {
        var rows = new List<string>();
        await using var reader = await connection.QueryAsync($"SELECT id, note, LENGTH(b), MD5(b), LENGTH(tx), MD5(tx) FROM `{database}`.t ORDER BY id");
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }

    /// <summary>The largest queued= of the streaming status lines in <paramref name="text"/>, in bytes.</summary>
    private static long MaxQueued(string text)
    {
        long max = 0;
        foreach (Match match in Queued().Matches(text))
        {
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = match.Groups[2].Value switch { "GiB" => 1L << 30, "MiB" => MiB, "KiB" => 1024L, _ => 1L };
            max = Math.Max(max, (long)(number * unit));
        }

        return max;
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    [GeneratedRegex(@"queued=([0-9.]+)(GiB|MiB|KiB|B) ")]
    private static partial Regex Queued();

    [GeneratedRegex(@"peak RSS ([0-9.]+) MiB")]
    private static partial Regex PeakRss();

    private sealed class Restore(string uri, long bytes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var target = await MySqlConnection.OpenAsync(uri);
            await target.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET GLOBAL max_allowed_packet = {bytes}"));
        }
    }
}
