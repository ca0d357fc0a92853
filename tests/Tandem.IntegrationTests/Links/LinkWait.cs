using Tandem.IntegrationTests.Replication;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Links;

/// <summary>Waits on conditions for a link's directions to apply everything written so far.</summary>
internal static class LinkWait
{
    /// <summary>
    /// Each direction's checkpoint reaches its source's end as read now, twice over, so changes a direction applied
    /// while another was waited on are covered too.
    /// </summary>
    public static async Task UntilQuietAsync(string link, IReadOnlyList<(string Name, string Uri)> servers, IEnumerable<(string From, string To)> directions, TandemProcess running)
    {
        var list = directions.ToList();
        for (var round = 0; round < 2; round++)
        {
            foreach (var (from, to) in list)
            {
                var source = servers.Single(s => s.Name == from).Uri;
                var target = servers.Single(s => s.Name == to).Uri;
                await ReplicationWait.UntilAppliedAsync(source, target, $"{link}.{from}-{to}", running.WaitForExitAsync());
            }
        }
    }

    public static async Task ExecuteAsync(string uri, params string[] statements)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri);
        foreach (var statement in statements)
            await connection.ExecuteAsync(statement);
    }

    /// <summary>Polls a scalar on a server until it equals <paramref name="expected"/>.</summary>
    public static async Task UntilScalarAsync(string uri, string sql, object? expected, TandemProcess running, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        object? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (running.HasExited)
                throw new InvalidOperationException($"tandem exited while waiting for `{sql}` to give {expected}:\n{running.Output}");
            await using (var connection = await MySqlConnection.OpenAsync(uri))
            {
                try
                {
                    last = await connection.QueryScalarAsync(sql);
                }
                catch (MySqlServerException ex) when (ex.ErrorCode is 1146 or 1049 or 1054)
                {
                    last = ex.Message;
                }
            }

            if (string.Equals(Convert.ToString(last, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"`{sql}` on {uri} gave {last ?? "NULL"}, not {expected}, within the timeout:\n{running.Output}");
    }
}
