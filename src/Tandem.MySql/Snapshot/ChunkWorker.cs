using System.Text;
using System.Threading.Channels;
using Tandem.Core.Errors;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// Copies chunks from one snapshot connection to one target connection. Reading and writing overlap: the reader fills
/// statement buffers of about <see cref="FullCopyOptions.StatementBytes"/> from the streamed rows and queues them (two
/// at most), the writer sends them inside one target transaction that ends by marking the chunk done, so a chunk's
/// rows and its progress commit together and a crash loses only unfinished chunks.
/// </summary>
internal sealed class ChunkWorker : IAsyncDisposable
{
    private const string LoadDataFields = "CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";

    private readonly FullCopyOptions _options;
    private readonly MySqlConnection _source;
    private readonly uint _sourceId;
    private readonly BinlogPosition _readAt;
    private readonly MySqlConnection _target;
    private readonly bool _replace;

    private ChunkWorker(FullCopyOptions options, MySqlConnection source, uint sourceId, BinlogPosition readAt, MySqlConnection target, bool replace)
    {
        _options = options;
        _source = source;
        _sourceId = sourceId;
        _readAt = readAt;
        _target = target;
        _replace = replace;
    }

    public MySqlConnection Target => _target;

    /// <summary>Opens the worker's target connection with the copy's session settings.</summary>
    public static async Task<ChunkWorker> OpenAsync(FullCopyOptions options, SourceSnapshot snapshot, int index, bool replace, CancellationToken ct)
    {
        var target = await MySqlConnection.OpenAsync(options.Target with { Database = null }, ct).ConfigureAwait(false);
        try
        {
            // Strings arrive as the bytes the column stores (see CellText); zero dates and explicit zero AUTO_INCREMENT
            // values are kept; TIMESTAMP text is UTC on both sides. unique_checks stays on: with it off, MariaDB 10.6+
            // loads an empty table in "bulk insert" mode under a table lock, and readers of the target then hung.
            await target.ExecuteAsync("SET NAMES binary", ct).ConfigureAwait(false);
            var settings = new StringBuilder("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00', foreign_key_checks = 0, max_error_count = 65535");
            if (target.IsMariaDb)
                settings.Append(", check_constraint_checks = 0");
            if (!options.WriteTargetBinlog)
                settings.Append(", sql_log_bin = 0");
            await target.ExecuteAsync(settings.ToString(), ct).ConfigureAwait(false);
            return new ChunkWorker(options, snapshot.Connection(index), snapshot.ConnectionId(index), snapshot.Position, target, replace);
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Copies one chunk and commits it with its progress row; returns the rows written.</summary>
    public async Task<long> CopyAsync(CopyChunk chunk, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<StatementBuffer>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var read = ReadAsync(chunk, queue.Writer, failed.Token);
        var write = WriteAsync(chunk, queue.Reader, read, failed.Token);
        try
        {
            // A failed writer leaves the reader blocked on the full queue: stop it before waiting for both.
            if (await Task.WhenAny(read, write).ConfigureAwait(false) is { IsCompletedSuccessfully: false })
                await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(read, write).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            while (queue.Reader.TryRead(out var left))
                left.Dispose();
            // The first real failure, not the cancellation it caused in the other half.
            var error = new[] { read, write }.Select(static t => t.Exception?.InnerException).FirstOrDefault(static e => e is not null and not OperationCanceledException);
            if (error is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            throw;
        }

        return await read.ConfigureAwait(false);
    }

    private async Task<long> ReadAsync(CopyChunk chunk, ChannelWriter<StatementBuffer> queue, CancellationToken ct)
    {
        await Task.Yield();
        var table = chunk.Table;
        var columns = table.Columns;
        var kinds = columns.Select(static c => c.Kind).ToArray();
        var loadData = _options.WriteMethod == CopyWriteMethod.LoadData;
        var header = loadData ? [] : InsertHeader(table);
        var sql = $"SELECT {table.SelectList(_source.IsMariaDb)} FROM {table.SourceName}{table.IndexHint} WHERE {ChunkPredicate.Build(table.Key?.Columns ?? [], chunk.Lower, chunk.Upper)}";
        long rows = 0;
        StatementBuffer? buffer = null;
        var rowsInBuffer = 0;
        try
        {
            var reader = await PinnedSession.QueryAsync(_source, _sourceId, sql, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    if (buffer is null)
                    {
                        buffer = new StatementBuffer(_options.StatementBytes + (_options.StatementBytes >> 2));
                        buffer.Append(header);
                        rowsInBuffer = 0;
                    }

                    if (loadData)
                        AppendLoadRow(buffer, reader, kinds.Length);
                    else
                        AppendInsertRow(buffer, reader, kinds, rowsInBuffer);
                    rows++;
                    rowsInBuffer++;
                    if (buffer.Length >= _options.StatementBytes)
                    {
                        await queue.WriteAsync(buffer, ct).ConfigureAwait(false);
                        buffer = null;
                    }
                }
            }

            // Rows read outside the snapshot (a reopened session) must not be committed as the snapshot's.
            PinnedSession.EnsureSame(_source, _sourceId);
            if (buffer is not null)
            {
                await queue.WriteAsync(buffer, ct).ConfigureAwait(false);
                buffer = null;
            }

            queue.Complete();
            return rows;
        }
        catch (Exception ex)
        {
            buffer?.Dispose();
            queue.TryComplete(ex);
            throw;
        }
    }

    private async Task WriteAsync(CopyChunk chunk, ChannelReader<StatementBuffer> queue, Task<long> read, CancellationToken ct)
    {
        var id = _target.ConnectionId;
        await PinnedSession.ExecuteAsync(_target, id, "START TRANSACTION", ct).ConfigureAwait(false);
        var loadSql = _options.WriteMethod == CopyWriteMethod.LoadData
            ? $"LOAD DATA LOCAL INFILE 'tandem-chunk'{(_replace ? " REPLACE" : string.Empty)} INTO TABLE {chunk.Table.TargetName} {LoadDataFields} ({chunk.Table.ColumnList})"
            : null;
        try
        {
            await foreach (var buffer in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                using (buffer)
                {
                    MySqlResult result;
                    if (loadSql is null)
                    {
                        result = await PinnedSession.ExecuteAsync(_target, id, buffer.Written, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        PinnedSession.EnsureSame(_target, id);
                        var content = buffer.AsStream();
                        await using (content.ConfigureAwait(false))
                            result = await _target.LoadDataLocalAsync(loadSql, content, ct).ConfigureAwait(false);
                    }

                    if (result.WarningCount > 0)
                        await FailOnWarningsAsync(chunk, id, result.WarningCount, ct).ConfigureAwait(false);
                }
            }

            var rows = await read.ConfigureAwait(false);
            await PinnedSession.ExecuteAsync(_target, id, CopyProgressStore.ChunkDoneSql(_options.Task, chunk, rows, _readAt), ct).ConfigureAwait(false);
            await PinnedSession.ExecuteAsync(_target, id, "COMMIT", ct).ConfigureAwait(false);
        }
        catch
        {
            await RollbackQuietlyAsync(id).ConfigureAwait(false);
            throw;
        }
    }

    private const int DataTruncated = 1265;
    private const int MaxWarningsRead = 65535;

    private byte[] InsertHeader(CopyTablePlan table)
    {
        var text = $"{(_replace ? "REPLACE" : "INSERT")} INTO {table.TargetName} ({table.ColumnList}) VALUES ";
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(text)];
        bytes[0] = (byte)CommandKind.Query;
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(1));
        return bytes;
    }

    private static void AppendInsertRow(StatementBuffer buffer, MySqlDataReader reader, CellKind[] kinds, int rowsInBuffer)
    {
        buffer.Append(rowsInBuffer == 0 ? "("u8 : ",("u8);
        for (var i = 0; i < kinds.Length; i++)
        {
            if (i > 0)
                buffer.Append((byte)',');
            if (reader.IsDBNull(i))
                CellText.AppendSqlNull(buffer);
            else
                CellText.AppendSql(buffer, kinds[i], reader.GetRawBytes(i));
        }

        buffer.Append((byte)')');
    }

    private static void AppendLoadRow(StatementBuffer buffer, MySqlDataReader reader, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                buffer.Append((byte)'\t');
            if (reader.IsDBNull(i))
                CellText.AppendLoadNull(buffer);
            else
                CellText.AppendLoadField(buffer, reader.GetRawBytes(i));
        }

        buffer.Append((byte)'\n');
    }

    /// <summary>Any warning means a value did not arrive exactly (or LOAD DATA LOCAL skipped a duplicate): the chunk fails.</summary>
    /// <summary>
    /// Fails the chunk on any warning but one: an ENUM holding the empty error value (index 0, which a non-strict source
    /// stores for an invalid label) can only be written back with a "data truncated" warning, and is then exact.
    /// </summary>
    private async Task FailOnWarningsAsync(CopyChunk chunk, uint id, int count, CancellationToken ct)
    {
        var warnings = new List<string>();
        var benign = 0;
        var reader = await PinnedSession.QueryAsync(_target, id, $"SHOW WARNINGS LIMIT {MaxWarningsRead}", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var code = reader.GetInt64(1);
                var message = reader.GetString(2) ?? string.Empty;
                if (code == DataTruncated && IsEnumTruncation(chunk.Table, message))
                    benign++;
                else if (warnings.Count < 5)
                    warnings.Add($"{code}: {message}");
            }
        }

        if (warnings.Count == 0 && benign == count)
            return;
        throw new TandemException(
            $"writing {chunk} to {chunk.Table.TargetDatabase}.{chunk.Table.TargetTable} raised warnings: {string.Join("; ", warnings)}",
            "the target table must have the source table's definition; compare SHOW CREATE TABLE on both sides");
    }

    private static bool IsEnumTruncation(CopyTablePlan table, string message) =>
        table.Source.Columns.Any(c => c.DataType == "enum" && message.StartsWith($"Data truncated for column '{c.Name}'", StringComparison.OrdinalIgnoreCase));

    private async Task RollbackQuietlyAsync(uint id)
    {
        if (_target.IsBroken || _target.ConnectionId != id || _target.HasActiveReader)
            return;
        try
        {
            await _target.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlException)
        {
            // The transaction ends with the connection.
        }
    }

    public ValueTask DisposeAsync() => _target.DisposeAsync();
}
