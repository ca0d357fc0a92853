using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tandem.Core.Model;
using Tandem.Core.Replication.Folding;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Schema.Collations;

/// <summary>
/// The folds of a target's key columns: for each text column of a primary or unique key, the fold of the collation the
/// target table declares for it (the source's when the target has no such column), since the target's unique keys decide
/// which rows collide there. Weights are read from the target once per server version and collation, for the process.
/// </summary>
internal sealed class KeyFolds : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<IKeyTextFold>>> Cache = new(StringComparer.Ordinal);

    private readonly MySqlConnectionOptions _target;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MySqlConnection? _connection;

    public KeyFolds(MySqlConnectionOptions target, ILogger logger)
    {
        _target = target with { Database = null, BlockingIo = false };
        _logger = logger;
    }

    /// <summary>True for the column types whose values are text compared under a collation.</summary>
    public static bool IsCollatedText(ColumnSchema column) =>
        !column.IsBinary && column.DataType is "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "enum" or "set";

    /// <summary>The fold of every key column of <paramref name="table"/> written to <paramref name="targetDatabase"/>.<paramref name="targetTable"/>.</summary>
    public async Task<Func<ColumnSchema, IKeyTextFold?>> ForTableAsync(TableSchema table, string targetDatabase, string targetTable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keyColumns = table.Indexes.Where(static i => i.IsPrimary || i.IsUnique)
            .SelectMany(static i => i.Columns)
            .Select(table.IndexOf).Where(static o => o >= 0).Distinct()
            .Select(o => table.Columns[o]).Where(IsCollatedText).ToList();
        var folds = new Dictionary<string, IKeyTextFold>(StringComparer.OrdinalIgnoreCase);
        if (keyColumns.Count > 0)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var connection = await ConnectionAsync(ct).ConfigureAwait(false);
                var declared = await TargetCollationsAsync(connection, targetDatabase, targetTable, ct).ConfigureAwait(false);
                foreach (var column in keyColumns)
                {
                    var (charset, collation) = declared.TryGetValue(column.Name, out var onTarget) ? onTarget : (column.CharacterSet, column.Collation);
                    if (onTarget != default && !string.Equals(onTarget.Collation, column.Collation, StringComparison.OrdinalIgnoreCase))
                    {
                        _logger.LogWarning(
                            "{Table}.{Column} is {Target} on the target but {Source} on the source; Tandem orders its changes by the target's collation",
                            $"{targetDatabase}.{targetTable}", column.Name, onTarget.Collation, column.Collation ?? "unknown");
                    }

                    folds[column.Name] = await FoldAsync(connection, charset, collation, ct).ConfigureAwait(false);
                }
            }
            catch (MySqlConnectionException)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                _gate.Release();
            }
        }

        return column => IsCollatedText(column) ? folds.GetValueOrDefault(column.Name, AnyTextFold.Instance) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<IKeyTextFold> FoldAsync(MySqlConnection connection, string? charset, string? collation, CancellationToken ct)
    {
        if (charset is null || collation is null)
            return AnyTextFold.Instance;
        collation = CharacterSets.NormalizeCollation(collation);
        charset = CharacterSets.NormalizeCharset(charset);
        var key = $"{(connection.IsMariaDb ? "mariadb" : "mysql")} {connection.ServerVersion} {collation}";
        while (true)
        {
            var lazy = Cache.GetOrAdd(key, _ => new Lazy<Task<IKeyTextFold>>(() => LoadAsync(connection, charset, collation, ct)));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A failed read is not remembered: the next table asks again. One that another sink's stop cut short is
                // read again at once, on this sink's own connection.
                Cache.TryRemove(new KeyValuePair<string, Lazy<Task<IKeyTextFold>>>(key, lazy));
                if (ex is OperationCanceledException && !ct.IsCancellationRequested)
                    continue;
                throw;
            }
        }
    }

    private async Task<IKeyTextFold> LoadAsync(MySqlConnection connection, string charset, string collation, CancellationToken ct)
    {
        // Binary collations order by code point (or byte) and hold equal only identical characters.
        if (collation.EndsWith("_bin", StringComparison.Ordinal))
            return await PadsSpaceAsync(connection, charset, collation, ct).ConfigureAwait(false) ? ExactTextFold.PadSpaceTrimmed : ExactTextFold.NoPad;
        try
        {
            return await CollationWeightsLoader.LoadAsync(connection, charset, collation, _logger, ct).ConfigureAwait(false);
        }
        catch (MySqlServerException ex)
        {
            _logger.LogWarning(
                "could not read the weights of collation {Collation} from {Target} ({Reason}); changes to keys in that collation are applied one after another",
                collation, _target.DisplayName, ex.Message);
            return AnyTextFold.Instance;
        }
    }

    private static async Task<bool> PadsSpaceAsync(MySqlConnection connection, string charset, string collation, CancellationToken ct)
    {
        var cs = SqlLiteral.QuoteIdentifier(charset);
        var coll = SqlLiteral.QuoteIdentifier(collation);
        var equal = await connection.QueryScalarAsync($"SELECT CONVERT('a' USING {cs}) COLLATE {coll} = CONVERT('a ' USING {cs}) COLLATE {coll}", ct).ConfigureAwait(false);
        return Convert.ToInt64(equal, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private static async Task<Dictionary<string, (string? CharacterSet, string? Collation)>> TargetCollationsAsync(
        MySqlConnection connection, string database, string table, CancellationToken ct)
    {
        var columns = new Dictionary<string, (string?, string?)>(StringComparer.OrdinalIgnoreCase);
        var reader = await connection.QueryAsync(
            "SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS " +
            $"WHERE TABLE_SCHEMA = {SqlLiteral.Format(database)} AND TABLE_NAME = {SqlLiteral.Format(table)} AND COLLATION_NAME IS NOT NULL", ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                columns[reader.GetString(0)!] = (reader.GetString(1), reader.GetString(2));
        }

        return columns;
    }

    private async Task<MySqlConnection> ConnectionAsync(CancellationToken ct) =>
        _connection ??= await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
