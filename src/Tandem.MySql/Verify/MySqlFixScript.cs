using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Verify;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Verify;

/// <summary>
/// The SQL that makes the target equal to the source for the rows a verification found different: per table, in
/// transactions of at most <see cref="BatchRows"/> rows, a DELETE by key of the keys the source no longer has, then
/// INSERT ... ON DUPLICATE KEY UPDATE of the source's rows as they are now. Keyless tables delete every copy of each
/// differing row (by its hash) and insert the source's number of copies. Every statement sets rows to an absolute
/// state, so running the script twice changes nothing the second time.
/// </summary>
public static class MySqlFixScript
{
    private const int BatchRows = 500;

    public const string SessionSetup = "SET SESSION time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO', foreign_key_checks = 0";

    /// <summary>Writes the fix to <paramref name="output"/> and, with <paramref name="apply"/>, runs it on the target.</summary>
    /// <returns>How many rows the fix writes or deletes.</returns>
    public static async Task<long> WriteAsync(MySqlVerifyOptions options, VerifyReport report, TextWriter? output, bool apply, ILogger logger, CancellationToken ct)
    {
        var tables = report.Tables.Where(static t => t.Differences.Count > 0).ToList();
        if (output is not null)
        {
            // Every comment line goes through SqlLiteral.LineComment: a name with a line break must not end its comment
            // and turn the rest of the name into a statement when the file is run.
            await output.WriteLineAsync(SqlLiteral.LineComment($"tandem verify: fix for {report.Target} to match {report.Source}, written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC")).ConfigureAwait(false);
            await output.WriteLineAsync(SqlLiteral.LineComment("Idempotent: each statement sets rows to the source's state read when this was written.")).ConfigureAwait(false);
            await output.WriteLineAsync("SET NAMES utf8mb4;").ConfigureAwait(false);
            await output.WriteLineAsync(SessionSetup + ";").ConfigureAwait(false);
        }

        if (tables.Count == 0)
            return 0;
        var counter = new QueryCounter();
        if (apply && options.Task is { } task)
        {
            // Held at a source position P while the source's rows are read at P and written: the task then applies
            // only changes after P, so the fix can neither miss one nor overwrite a newer one.
            var (fence, snapshot) = await HeldSnapshot.OpenAsync(options, task, 1, logger, ct).ConfigureAwait(false);
            await using (fence.ConfigureAwait(false))
            await using (snapshot.ConfigureAwait(false))
            {
                var rows = await WriteTablesAsync(options, tables, VerifySession.Pinned(options.Source, snapshot.Connection(0), counter), output, apply, logger, ct).ConfigureAwait(false);
                await fence.ReleaseAsync(ct).ConfigureAwait(false);
                logger.LogInformation("fixed {Rows} rows while task {Task} held its apply at {Position}", rows, task, snapshot.Position);
                return rows;
            }
        }

        await using var source = await VerifySession.OpenAsync(options.Source, counter, ct).ConfigureAwait(false);
        return await WriteTablesAsync(options, tables, source, output, apply, logger, ct).ConfigureAwait(false);
    }

    private static async Task<long> WriteTablesAsync(
        MySqlVerifyOptions options, List<TableResult> tables, VerifySession source, TextWriter? output, bool apply, ILogger logger, CancellationToken ct)
    {
        await using var target = await VerifySession.OpenAsync(options.Target, new QueryCounter(), ct).ConfigureAwait(false);
        var sourceCatalog = await SchemaLoader.LoadAsync(source.Connection, (db, t) => tables.Any(r => r.Table == $"{db}.{t}"), ct).ConfigureAwait(false);
        var targetCatalog = await SchemaLoader.LoadAsync(target.Connection, (db, t) => tables.Any(r => r.TargetTable == $"{db}.{t}"), ct).ConfigureAwait(false);
        if (apply)
        {
            await target.Connection.ExecuteAsync("SET NAMES utf8mb4", ct).ConfigureAwait(false);
            await target.Connection.ExecuteAsync(SessionSetup, ct).ConfigureAwait(false);
        }

        long rows = 0;
        foreach (var table in tables)
        {
            var sourceTable = FindTable(sourceCatalog, table.Table);
            var targetTable = FindTable(targetCatalog, table.TargetTable);
            var plan = SchemaComparison.Plan(sourceTable, targetTable, null)!;
            if (table.DroppedDifferences > 0)
            {
                logger.LogWarning("{Table}: the fix covers the {Kept} differences kept, not the {Dropped} beyond --max-differences; verify again after it",
                    table.Table, table.Differences.Count, table.DroppedDifferences);
            }

            if (output is not null)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync(SqlLiteral.LineComment($"{plan.SourceName} -> {plan.TargetName}: {table.Count(RowDifferenceKind.OnlyInSource)} only in the source, " +
                    $"{table.Count(RowDifferenceKind.OnlyInTarget)} only in the target, {table.Count(RowDifferenceKind.Differing)} differing")).ConfigureAwait(false);
            }

            foreach (var batch in table.Differences.Chunk(BatchRows))
            {
                var statements = plan.Keyless ? KeylessBatch(plan, batch) : await KeyedBatchAsync(plan, source, batch, ct).ConfigureAwait(false);
                rows += batch.Length;
                if (output is not null)
                {
                    await output.WriteLineAsync("START TRANSACTION;").ConfigureAwait(false);
                    foreach (var statement in statements)
                        await output.WriteLineAsync(statement + ";").ConfigureAwait(false);
                    await output.WriteLineAsync("COMMIT;").ConfigureAwait(false);
                }

                if (apply)
                    await ApplyAsync(target.Connection, table.TargetTable, statements, ct).ConfigureAwait(false);
            }
        }

        return rows;
    }

    /// <summary>The table named db.table; matched whole, since a database or table name may itself hold a dot.</summary>
    private static Tandem.Core.Model.TableSchema FindTable(SchemaCatalog catalog, string qualified) =>
        catalog.Tables.FirstOrDefault(t => string.Equals(t.QualifiedName, qualified, StringComparison.Ordinal))
            ?? throw new TandemException($"table {qualified} is gone; the fix cannot be written for it", "verify again");

    /// <summary>Deletes for keys the source lacks now, upserts of the source's rows for the others.</summary>
    private static async Task<List<string>> KeyedBatchAsync(VerifyTablePlan plan, VerifySession source, RowDifference[] batch, CancellationToken ct)
    {
        var rows = await new RowComparison(plan, source, source).RowsByKeyAsync(source, [.. batch.Select(static d => d.KeyLiterals)], ct).ConfigureAwait(false);
        var statements = new List<string>(2);
        var gone = batch.Where(d => !rows.ContainsKey(d.Identity)).Select(static d => d.KeyLiterals).ToList();
        if (gone.Count > 0)
            statements.Add($"DELETE FROM {plan.TargetName} WHERE {plan.KeyIn(gone)}");
        var present = batch.Where(d => rows.ContainsKey(d.Identity)).Select(d => rows[d.Identity].Literals).ToList();
        if (present.Count > 0)
            statements.Add(Upsert(plan, present));
        return statements;
    }

    private static List<string> KeylessBatch(VerifyTablePlan plan, RowDifference[] batch)
    {
        var statements = new List<string> { $"DELETE FROM {plan.TargetName} WHERE {plan.RowHash} IN ({string.Join(", ", batch.Select(static d => d.RowHash))})" };
        var copies = batch.SelectMany(static d => Enumerable.Repeat(d.KeyLiterals, (int)Math.Min(d.SourceCopies, int.MaxValue))).ToList();
        if (copies.Count > 0)
            statements.Add(Insert(plan, copies, upsert: false));
        return statements;
    }

    private static string Upsert(VerifyTablePlan plan, List<string[]> rows) => Insert(plan, [.. rows], upsert: true);

    private static string Insert(VerifyTablePlan plan, List<IReadOnlyList<string>> rows, bool upsert)
    {
        var written = plan.Columns.Select((c, i) => (Column: c, Index: i)).Where(static c => !c.Column.Source.IsGenerated).ToArray();
        var text = new StringBuilder();
        text.Append("INSERT INTO ").Append(plan.TargetName).Append(" (").AppendJoin(", ", written.Select(static c => c.Column.Quoted)).Append(") VALUES ");
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(r == 0 ? "(" : ", (").AppendJoin(", ", written.Select(c => rows[r][c.Index])).Append(')');
        }

        if (upsert)
        {
            text.Append(" ON DUPLICATE KEY UPDATE ")
                .AppendJoin(", ", written.Select(static c => string.Create(CultureInfo.InvariantCulture, $"{c.Column.Quoted} = VALUES({c.Column.Quoted})")));
        }

        return text.ToString();
    }

    private static async Task ApplyAsync(MySqlConnection target, string table, List<string> statements, CancellationToken ct)
    {
        await target.ExecuteAsync("START TRANSACTION", ct).ConfigureAwait(false);
        try
        {
            foreach (var statement in statements)
                await target.ExecuteAsync(statement, ct).ConfigureAwait(false);
            await target.ExecuteAsync("COMMIT", ct).ConfigureAwait(false);
        }
        catch (MySqlServerException ex)
        {
            await target.ExecuteAsync("ROLLBACK", CancellationToken.None).ConfigureAwait(false);
            throw new TandemException($"applying the fix to {table} failed: {ex.Message}", "the batch was rolled back; check the table's constraints and run verify again", ex);
        }
    }
}
