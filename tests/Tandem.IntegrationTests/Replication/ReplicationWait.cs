using System.Diagnostics;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Replication;

/// <summary>Waits, on conditions, for a task's checkpoint to reach the source's current end.</summary>
internal static class ReplicationWait
{
    /// <summary>
    /// Waits until the task's checkpoint on the target is at or past the source's binlog end as read now; fails early
    /// when <paramref name="running"/> (the task, in-process or a process waiter) ends first.
    /// </summary>
    public static async Task UntilAppliedAsync(string sourceUri, string targetUri, string task, Task? running = null, TimeSpan? timeout = null)
    {
        BinlogFilePosition end;
        await using (var source = await MySqlConnection.OpenAsync(sourceUri))
        {
            // A transaction of our own ends the binlog, so the end is a commit a checkpoint can reach (the task skips
            // its changes, but still records that it read past it).
            await source.ExecuteAsync("CREATE DATABASE IF NOT EXISTS tandem_test_marker");
            await source.ExecuteAsync("CREATE TABLE IF NOT EXISTS tandem_test_marker.marker (id INT PRIMARY KEY, at DATETIME(6))");
            await source.ExecuteAsync("REPLACE INTO tandem_test_marker.marker VALUES (1, NOW(6))");
            var (file, offset, _) = await SourceStatus.ReadAsync(source, CancellationToken.None);
            end = new BinlogFilePosition(file, offset);
        }

        var limit = Stopwatch.StartNew();
        var wait = timeout ?? TimeSpan.FromMinutes(3);
        BinlogPosition? last = null;
        while (limit.Elapsed < wait)
        {
            if (running is { IsCompleted: true })
            {
                await running;
                throw new InvalidOperationException($"task {task} ended before its checkpoint reached {end} (last checkpoint {last})");
            }

            await using (var target = await MySqlConnection.OpenAsync(targetUri))
            {
                try
                {
                    last = await CheckpointStore.ReadAsync(target, task, CancellationToken.None);
                }
                catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049)
                {
                    // tandem_meta is not there yet.
                }
            }

            if (last is not null && new BinlogFilePosition(last.File, last.Offset) >= end)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"task {task}: checkpoint {last?.ToString() ?? "(none)"} did not reach the source's end {end} within {wait}");
    }
}
