using Microsoft.Extensions.Logging;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Verify;

/// <summary>
/// Waits until the replicating task's checkpoint on the target has passed a source position: from then on, the target
/// holds every change the source had at that position. Polls tandem_meta.checkpoint; past the timeout it warns and lets
/// the re-check go ahead (a stopped or far-behind task then shows as differences, which is the news).
/// </summary>
internal sealed class TaskCheckpointWait : ILiveWait, IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly MySqlConnectionOptions _target;
    private readonly string _task;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MySqlConnection? _connection;
    private BinlogFilePosition? _reached;

    public TaskCheckpointWait(MySqlConnectionOptions target, string task, TimeSpan timeout, ILogger logger)
    {
        _target = target;
        _task = task;
        _timeout = timeout;
        _logger = logger;
    }

    public async Task WaitAsync(BinlogFilePosition sourcePosition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            while (true)
            {
                if (await CheckpointAsync(deadline.Token).ConfigureAwait(false) is { } checkpoint && checkpoint >= sourcePosition)
                    return;
                await Task.Delay(Poll, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _logger.LogWarning(
                "task {Task}'s checkpoint did not pass the source position {Position} within {Timeout}s; re-checking anyway (is the task running?)",
                _task, sourcePosition, _timeout.TotalSeconds);
        }
    }

    private async Task<BinlogFilePosition?> CheckpointAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _connection ??= await MySqlConnection.OpenAsync(_target with { Database = null }, ct).ConfigureAwait(false);
            if (await CheckpointStore.ReadAsync(_connection, _task, ct).ConfigureAwait(false) is { } position)
            {
                var here = position.FilePosition;
                if (_reached is null || here > _reached.Value)
                    _reached = here;
            }

            return _reached;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
