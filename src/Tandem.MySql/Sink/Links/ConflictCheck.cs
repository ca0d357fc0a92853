using System.Globalization;
using System.Text;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.Core.Replication.Conflicts;
using Tandem.Core.Tasks.Links;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Sink.Links;

/// <summary>
/// Checks a group of changes against the target rows they meet, inside the transaction that will write them: per key,
/// the first change's before-image (or no row, for an insert) is compared with the target row, read with FOR UPDATE so
/// no local write slips in between the check and the write. The comparisons run on the server (NULL-safe, strings by
/// their bytes), one UNION ALL of primary-key lookups per table and group, so a batch costs one more round trip.
/// </summary>
internal sealed class ConflictCheck
{
    private readonly SinkLinkOptions _link;
    private readonly int _maxStatementChars;

    public ConflictCheck(SinkLinkOptions link, int maxStatementChars)
    {
        _link = link;
        _maxStatementChars = maxStatementChars;
    }

    /// <param name="begin">Open the target transaction with the first lookup (saving a round trip); <see cref="ConflictOutcome.Began"/> says whether it did.</param>
    public async Task<ConflictOutcome> RunAsync(SinkConnection connection, IReadOnlyList<LinkChange> changes, string where, CancellationToken ct, bool begin = false)
    {
        var plans = Plan(changes);
        var outcome = new ConflictOutcome();
        if (plans.Count == 0)
            return outcome;

        // Every table's lookups go in one multi-statement round trip (several when they would not fit a packet).
        var checks = new List<(SinkTable Table, List<KeyPlan> Keys, ConflictSettings Settings, TargetRead[] States)>();
        var group = new StringBuilder();
        var groupChecks = new List<int>();
        foreach (var (table, keys) in plans)
        {
            var settings = _link.ConflictsFor(table.Schema);
            var newerColumn = settings.Policy == ConflictPolicy.LastWriterWins ? TimestampColumn(table, settings) : -1;
            checks.Add((table, keys, settings, new TargetRead[keys.Count]));
            foreach (var sql in Statements(table, keys, newerColumn))
            {
                if (group.Length > 0 && group.Length + sql.Length > _maxStatementChars)
                    await SendGroupAsync().ConfigureAwait(false);
                if (group.Length > 0)
                    group.Append(";\n");
                group.Append(sql);
                groupChecks.Add(checks.Count - 1);
            }
        }

        if (group.Length > 0)
            await SendGroupAsync().ConfigureAwait(false);

        foreach (var (table, keys, settings, states) in checks)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var plan = keys[i];
                var state = states[i];
                if (ConflictJudge.Classify(plan.Expectation, state.State) is not { } kind)
                    continue;
                var decision = ConflictJudge.Decide(kind, settings, state.State.IncomingNewer, _link.Origin, _link.TargetServer);
                var record = new ConflictRecord
                {
                    Table = table.TargetName,
                    Database = table.TargetDatabase,
                    TableName = table.TargetTable,
                    KeyJson = ConflictImages.ToJson(table.Schema, KeyRow(table, plan.Key), table.Keys.MatchingKey!)!,
                    Kind = kind,
                    Policy = ConflictJudge.PolicyName(settings.Policy) + (settings.Log && settings.Policy != ConflictPolicy.Log ? "+log" : string.Empty),
                    Decision = decision,
                    SourceBeforeJson = ConflictImages.ToJson(table.Schema, plan.Expectation.ExpectedRow, table.Writable),
                    SourceAfterJson = ConflictImages.ToJson(table.Schema, plan.Expectation.FinalRow, table.Writable),
                    TargetRowJson = state.RowJson,
                    SourcePosition = plan.First.Position.ToString(),
                };
                outcome.Conflicts.Add(record);
                if (settings.Log || decision == ConflictDecision.Stop)
                    outcome.Logged.Add((record, plan.First));
                if (decision == ConflictDecision.Stop)
                {
                    outcome.Stop ??= record;
                }
                else if (decision == ConflictDecision.Skip)
                {
                    foreach (var change in plan.Changes)
                        outcome.Skipped.Add(change);
                }
            }
        }

        return outcome;

        async Task SendGroupAsync()
        {
            var opens = begin && !outcome.Began;
            await ReadAsync(connection, opens ? "BEGIN;\n" + group : group.ToString(), opens, [.. groupChecks.Select(i => checks[i].States)], where, checks[groupChecks[0]].Table, ct).ConfigureAwait(false);
            outcome.Began |= opens;
            group.Clear();
            groupChecks.Clear();
        }
    }

    /// <summary>The INSERT of the logged conflicts into tandem_meta.conflicts, or null when none.</summary>
    public string? LogSql(string task, ConflictOutcome outcome)
    {
        if (outcome.Logged.Count == 0)
            return null;
        var sql = new StringBuilder($"INSERT INTO {MetaSchema.Database}.conflicts (task, channel, origin, db, tbl, row_key, kind, policy, decision, source_before, source_after, target_row, source_file, source_offset, source_commit_time, detected_at) VALUES ");
        for (var i = 0; i < outcome.Logged.Count; i++)
        {
            var (record, first) = outcome.Logged[i];
            if (i > 0)
                sql.Append(", ");
            sql.Append('(')
                .Append(SqlLiteral.Format(task)).Append(", ")
                .Append(_link.Channel.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(SqlLiteral.Format(_link.Origin)).Append(", ")
                .Append(SqlLiteral.Format(record.Database)).Append(", ")
                .Append(SqlLiteral.Format(record.TableName)).Append(", ")
                .Append(SqlLiteral.Format(record.KeyJson)).Append(", ")
                .Append(SqlLiteral.Format(record.Kind.Name())).Append(", ")
                .Append(SqlLiteral.Format(record.Policy)).Append(", ")
                .Append(SqlLiteral.Format(record.DecisionName)).Append(", ")
                .Append(SqlLiteral.Format(record.SourceBeforeJson)).Append(", ")
                .Append(SqlLiteral.Format(record.SourceAfterJson)).Append(", ")
                .Append(SqlLiteral.Format(record.TargetRowJson)).Append(", ")
                .Append(SqlLiteral.Format(first.Position.File)).Append(", ")
                .Append(first.Position.Offset.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(SqlLiteral.Format(first.CommitTime.UtcDateTime)).Append(", UTC_TIMESTAMP(6))");
        }

        return sql.ToString();
    }

    /// <summary>Per table, per key in first-seen order: what the target should hold and what the group leaves.</summary>
    private static List<(SinkTable Table, List<KeyPlan> Keys)> Plan(IReadOnlyList<LinkChange> changes)
    {
        var tables = new List<(SinkTable, List<KeyPlan>)>();
        var byTable = new Dictionary<SinkTable, (List<KeyPlan> List, Dictionary<RowKey, KeyPlan> Index)>(ReferenceEqualityComparer.Instance);
        foreach (var item in changes)
        {
            var (table, change) = (item.Table, item.Change);
            if (table.FullRowMatch || LinkMetaTables.IsHeartbeat(change.Table))
                continue;
            if (!byTable.TryGetValue(table, out var entry))
            {
                entry = ([], []);
                byTable.Add(table, entry);
                tables.Add((table, entry.List));
            }

            switch (change.Kind)
            {
                case ChangeKind.Insert:
                    Note(entry, item, RowKey.Of(table.Keys, change.After!), expected: null, final: change.After);
                    break;
                case ChangeKind.Delete:
                    Note(entry, item, RowKey.Of(table.Keys, change.Before!), expected: change.Before, final: null);
                    break;
                default:
                    var from = RowKey.Of(table.Keys, change.Before!);
                    var to = RowKey.Of(table.Keys, change.After!);
                    if (from.Equals(to))
                    {
                        Note(entry, item, to, change.Before, change.After);
                    }
                    else
                    {
                        Note(entry, item, from, change.Before, null);
                        Note(entry, item, to, null, change.After);
                    }

                    break;
            }
        }

        return tables;
    }

    private static void Note((List<KeyPlan> List, Dictionary<RowKey, KeyPlan> Index) entry, LinkChange item, RowKey key, object?[]? expected, object?[]? final)
    {
        if (!entry.Index.TryGetValue(key, out var plan))
        {
            plan = new KeyPlan(key, item, new KeyExpectation { ExpectedRow = expected });
            entry.Index.Add(key, plan);
            entry.List.Add(plan);
        }

        plan.Expectation.FinalRow = final;
        plan.Changes.Add(item.Change);
    }

    private static object?[] KeyRow(SinkTable table, RowKey key)
    {
        var row = new object?[table.Schema.Columns.Count];
        var ordinals = table.Keys.MatchingKey!;
        for (var i = 0; i < ordinals.Length; i++)
            row[ordinals[i]] = key.Values[i];
        return row;
    }

    private static int TimestampColumn(SinkTable table, ConflictSettings settings)
    {
        var column = settings.Column is null ? -1 : table.Schema.IndexOf(settings.Column);
        if (column < 0 || !table.Writable.Contains(column))
        {
            throw new TandemException(
                $"the conflict policy last-writer-wins compares column '{settings.Column}', which {table.Schema.QualifiedName} does not have on both sides",
                "add the column to the table (a timestamp every write sets, such as updated_at TIMESTAMP(6) ... ON UPDATE CURRENT_TIMESTAMP(6)), or give this table another policy under conflicts.tables in the link file");
        }

        return column;
    }

    /// <summary>The check's SELECTs for one table: UNION ALL of key lookups, each no longer than a packet allows.</summary>
    private IEnumerable<string> Statements(SinkTable table, List<KeyPlan> keys, int newerColumn)
    {
        var sql = new StringBuilder();
        var json = RowJson(table);
        for (var i = 0; i < keys.Count; i++)
        {
            if (sql.Length > 0 && sql.Length > _maxStatementChars / 2)
            {
                yield return sql.ToString();
                sql.Clear();
            }

            var plan = keys[i];
            if (sql.Length > 0)
                sql.Append(" UNION ALL ");
            sql.Append("(SELECT ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" AS o, ");
            AppendEquals(sql, table, plan.Expectation.ExpectedRow);
            sql.Append(" AS s, ");
            AppendEquals(sql, table, plan.Expectation.FinalRow);
            sql.Append(" AS f, ");
            AppendNewer(sql, table, plan.Expectation.FinalRow, newerColumn);
            sql.Append(" AS n, ").Append(json).Append(" AS r FROM ").Append(table.QuotedName).Append(" WHERE ");
            var ordinals = table.Keys.MatchingKey!;
            for (var k = 0; k < ordinals.Length; k++)
            {
                if (k > 0)
                    sql.Append(" AND ");
                sql.Append(table.KeyColumns[k]).Append(" = ").Append(SqlLiteral.Format(plan.Key.Values[k]));
            }

            sql.Append(" FOR UPDATE)");
        }

        if (sql.Length > 0)
            yield return sql.ToString();
    }

    /// <summary>Runs a group of lookups; the i-th statement's rows (ordinal, matches, newer, row JSON) fill <paramref name="states"/>[i].</summary>
    private static async Task ReadAsync(SinkConnection connection, string sql, bool afterBegin, IReadOnlyList<TargetRead[]> states, string where, SinkTable table, CancellationToken ct)
    {
        try
        {
            var reader = await connection.Connection.QueryAsync(sql, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (afterBegin)
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                for (var statement = 0; statement < states.Count; statement++)
                {
                    if (statement > 0)
                        await reader.NextResultAsync(ct).ConfigureAwait(false);
                    var into = states[statement];
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var index = (int)reader.GetInt64(0);
                        into[index] = new TargetRead(
                            new TargetState(true, !reader.IsDBNull(1) && reader.GetInt64(1) == 1, !reader.IsDBNull(2) && reader.GetInt64(2) == 1, reader.IsDBNull(3) ? 0 : (int)reader.GetInt64(3)),
                            reader.GetString(4));
                    }
                }
            }
        }
        catch (Protocol.MySqlException ex)
        {
            throw SinkConnection.Wrap(ex, table.TargetName, where);
        }
        catch (IOException ex)
        {
            throw SinkConnection.Wrap(ex, table.TargetName, where);
        }
    }

    /// <summary>"(c1 &lt;=&gt; v1 AND ...)" over the written columns, strings compared by their bytes; NULL when there is no row.</summary>
    private static void AppendEquals(StringBuilder sql, SinkTable table, object?[]? row)
    {
        if (row is null)
        {
            sql.Append("NULL");
            return;
        }

        sql.Append('(');
        for (var i = 0; i < table.Writable.Length; i++)
        {
            var ordinal = table.Writable[i];
            if (i > 0)
                sql.Append(" AND ");
            var column = table.Schema.Columns[ordinal];
            if (!AppendLargeEquals(sql, column, row[ordinal]))
            {
                sql.Append(SqlLiteral.QuoteIdentifier(column.Name)).Append(" <=> ");
                AppendComparable(sql, column, row[ordinal]);
            }
        }

        sql.Append(')');
    }

    /// <summary>1 when the incoming row's timestamp is newer than the target's, -1 older, 0 equal; NULL counts as oldest.</summary>
    private static void AppendNewer(StringBuilder sql, SinkTable table, object?[]? row, int column)
    {
        if (row is null || column < 0)
        {
            sql.Append('0');
            return;
        }

        var name = SqlLiteral.QuoteIdentifier(table.Schema.Columns[column].Name);
        var value = row[column];
        if (value is null)
        {
            sql.Append("IF(").Append(name).Append(" IS NULL, 0, -1)");
            return;
        }

        var literal = SqlLiteral.Format(value);
        sql.Append("CASE WHEN ").Append(name).Append(" IS NULL OR ").Append(literal).Append(" > ").Append(name).Append(" THEN 1 WHEN ")
            .Append(literal).Append(" < ").Append(name).Append(" THEN -1 ELSE 0 END");
    }

    /// <summary>
    /// A large binary or (non-JSON) text value is compared by its SHA-256 rather than as a literal, which would take twice
    /// its size in the lookup and could outgrow max_allowed_packet: the bytes the column stores (text read as utf8mb4,
    /// as the value's UTF-8 is hashed) against the hash of the value. False for every other value.
    /// </summary>
    private static bool AppendLargeEquals(StringBuilder sql, ColumnSchema column, object? value)
    {
        var name = SqlLiteral.QuoteIdentifier(column.Name);
        switch (value)
        {
            case byte[] { Length: > SinkTable.LongValueChars } bytes:
                sql.Append("SHA2(").Append(name).Append(", 256) <=> '").Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))).Append('\'');
                return true;
            case string { Length: > SinkTable.LongValueChars } text when !column.IsJson && column.DataType != "json":
                sql.Append("SHA2(CONVERT(").Append(name).Append(" USING utf8mb4), 256) <=> '")
                    .Append(Utf8Sha256(text)).Append('\'');
                return true;
            default:
                return false;
        }
    }

    /// <summary>The SHA-256 of a string's UTF-8, encoded a piece at a time (never the whole UTF-8 at once), as lower-case hex.</summary>
    private static string Utf8Sha256(string text)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var encoder = Encoding.UTF8.GetEncoder();
        var buffer = new byte[(1 << 16) * 3 + 4];
        for (var at = 0; at < text.Length;)
        {
            var count = Math.Min(1 << 16, text.Length - at);
            encoder.Convert(text.AsSpan(at, count), buffer, flush: at + count == text.Length, out var used, out var written, out _);
            hash.AppendData(buffer, 0, written);
            at += used;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendComparable(StringBuilder sql, ColumnSchema column, object? value)
    {
        switch (value)
        {
            case float f:
                // A FLOAT column compares as the double it widens to; the float's shortest text would be another double.
                sql.Append(SqlLiteral.Format((double)f));
                return;
            case string s when column.DataType == "json":
                sql.Append("CAST(").Append(SqlLiteral.Format(s)).Append(" AS JSON)");
                return;
            case string s when !column.IsBinary && column.CharacterSet is { Length: > 0 } charset:
                sql.Append("CONVERT(").Append(SqlLiteral.Format(s)).Append(" USING ").Append(charset).Append(") COLLATE ").Append(charset).Append("_bin");
                return;
            default:
                sql.Append(SqlLiteral.Format(value));
                return;
        }
    }

    /// <summary>JSON_OBJECT of the target row's written columns, bytes as hex, for the conflict log.</summary>
    private static string RowJson(SinkTable table)
    {
        var sql = new StringBuilder("JSON_OBJECT(");
        for (var i = 0; i < table.Writable.Length; i++)
        {
            var column = table.Schema.Columns[table.Writable[i]];
            if (i > 0)
                sql.Append(", ");
            var name = SqlLiteral.QuoteIdentifier(column.Name);
            sql.Append(SqlLiteral.Format(column.Name)).Append(", ");
            if (column.IsBinary || column.DataType is "bit" or "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon" or "geometrycollection")
                sql.Append("HEX(").Append(name).Append(')');
            else
                sql.Append(name);
        }

        return sql.Append(')').ToString();
    }

    private sealed class KeyPlan(RowKey key, LinkChange first, KeyExpectation expectation)
    {
        public RowKey Key { get; } = key;

        public LinkChange First { get; } = first;

        public KeyExpectation Expectation { get; } = expectation;

        public List<RowChange> Changes { get; } = [];
    }

    private readonly record struct TargetRead(TargetState State, string? RowJson);
}
