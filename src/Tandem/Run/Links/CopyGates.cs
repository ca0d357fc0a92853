using Microsoft.Extensions.Logging;
using Tandem.Core.Tasks;
using Tandem.Core.Tasks.Links;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Run.Links;

/// <summary>
/// When a link's incremental directions may start, and where. A server that a full direction copies into is open once
/// every such copy is done: then its position is read, and every incremental direction from it that has no state yet is
/// set to stream from exactly there (seed 003's reverse task, started at the forward task's snapshot point). The copy's
/// own writes come before that position, so they are never sent back; user writes after it are. An incremental
/// direction waits for both its ends to be open, so it neither reads a half-copied server nor writes into one.
/// </summary>
internal sealed class CopyGates
{
    private readonly LinkDefinition _link;
    private readonly ILogger _logger;
    private readonly Dictionary<string, TaskCompletionSource> _open = [];
    private readonly Dictionary<string, HashSet<string>> _pendingCopies = [];
    private readonly object _gate = new();

    public CopyGates(LinkDefinition link, ILogger logger)
    {
        _link = link;
        _logger = logger;
        foreach (var (server, _) in link.Servers)
        {
            _open[server] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingCopies[server] = [];
        }

        foreach (var direction in link.Directions.Where(static d => d.Mode != TaskMode.Incremental))
            _pendingCopies[direction.To].Add(direction.TaskName);
    }

    /// <summary>Reads which copies a previous run finished, and opens the servers that wait for none.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        foreach (var direction in _link.Directions.Where(static d => d.Mode != TaskMode.Incremental))
        {
            var target = MySqlConnectionOptions.Parse(_link.UriOf(direction.To));
            var connection = await MySqlConnection.OpenAsync(target with { Database = null }, ct).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await TaskStateStore.EnsureSchemaAsync(connection, ct).ConfigureAwait(false);
                if (await TaskStateStore.ReadAsync(connection, direction.TaskName, ct).ConfigureAwait(false) is { Phase: not TaskState.Copying })
                {
                    lock (_gate)
                        _pendingCopies[direction.To].Remove(direction.TaskName);
                }
            }
        }

        foreach (var (server, _) in _link.Servers)
        {
            bool open;
            lock (_gate)
                open = _pendingCopies[server].Count == 0;
            if (open)
                _open[server].TrySetResult();
        }
    }

    /// <summary>A full direction finished its copy: when it was the last into its target, fix the starts from there and open it.</summary>
    public async Task CopiedAsync(LinkDirection direction, CancellationToken ct)
    {
        bool last;
        lock (_gate)
            last = _pendingCopies[direction.To].Remove(direction.TaskName) && _pendingCopies[direction.To].Count == 0;
        if (!last)
            return;
        await FixStartsAsync(direction.To, ct).ConfigureAwait(false);
        _open[direction.To].TrySetResult();
    }

    /// <summary>Waits until both ends of an incremental direction are open.</summary>
    public async Task WaitAsync(LinkDirection direction, CancellationToken ct)
    {
        var both = Task.WhenAll(_open[direction.From].Task, _open[direction.To].Task);
        if (!both.IsCompleted)
            _logger.LogInformation("link {Link}: {Task} waits for the full copies into {From} and {To}", _link.Name, direction.TaskName, direction.From, direction.To);
        await both.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task FixStartsAsync(string server, CancellationToken ct)
    {
        var source = MySqlConnectionOptions.Parse(_link.UriOf(server));
        BinlogPosition position;
        var connection = await MySqlConnection.OpenAsync(source with { Database = null }, ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
            position = await SourceStatus.CurrentPositionAsync(connection, ct).ConfigureAwait(false);

        foreach (var direction in _link.Directions.Where(d => d.From == server && d.Mode == TaskMode.Incremental))
        {
            var target = MySqlConnectionOptions.Parse(_link.UriOf(direction.To));
            var meta = await MySqlConnection.OpenAsync(target with { Database = null }, ct).ConfigureAwait(false);
            await using (meta.ConfigureAwait(false))
            {
                await TaskStateStore.EnsureSchemaAsync(meta, ct).ConfigureAwait(false);
                if (await TaskStateStore.ReadAsync(meta, direction.TaskName, ct).ConfigureAwait(false) is not null)
                    continue;
                await TaskStateStore.WriteAsync(meta, new TaskState(direction.TaskName, TaskState.Streaming, source.DisplayName, position), ct).ConfigureAwait(false);
                _logger.LogInformation("link {Link}: {Task} will stream from {Position}, where {Server} stood when its copy finished", _link.Name, direction.TaskName, position, server);
            }
        }
    }
}
