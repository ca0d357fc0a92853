using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Verify;
using Tandem.MySql.Schema;

namespace Tandem.MySql.Verify;

/// <summary>
/// <c>tandem verify</c> for MySQL-family servers: compares the definitions of the chosen tables, then their data, with
/// <see cref="MySqlVerifyOptions.Threads"/> tables at a time (largest first), each with one connection to each side.
/// </summary>
public static class MySqlVerifier
{
    public static async Task<VerifyReport> RunAsync(MySqlVerifyOptions options, IVerifyProgress progress, ILogger logger, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var mode = options.Consistent ? "consistent" : options.IsLive ? "recheck" : "static";
        var report = new VerifyReport { Source = options.Source.DisplayName, Target = options.Target.DisplayName, Mode = mode };
        var sourceQueries = new QueryCounter();
        var targetQueries = new QueryCounter();

        List<VerifyTablePlan> plans;
        Dictionary<string, long> estimates;
        var sourceMeta = await VerifySession.OpenConnectionAsync(options.Source, ct).ConfigureAwait(false);
        await using (sourceMeta.ConfigureAwait(false))
        {
            var targetMeta = await VerifySession.OpenConnectionAsync(options.Target, ct).ConfigureAwait(false);
            await using (targetMeta.ConfigureAwait(false))
            {
                var sourceCatalog = await SchemaLoader.LoadAsync(sourceMeta, (db, t) => options.Tables.Includes(db, t), ct).ConfigureAwait(false);
                var wanted = sourceCatalog.Tables.Select(t => options.Router.Map(t.Database, t.Name)).ToHashSet();
                var targetCatalog = await SchemaLoader.LoadAsync(
                    targetMeta, (db, t) => wanted.Contains((db, t)) || (options.Router.IsIdentity && options.Tables.Includes(db, t)), ct).ConfigureAwait(false);
                (var schema, plans) = SchemaComparison.Compare(sourceCatalog, targetCatalog, options);
                report.Schema.AddRange(schema);
                var rows = await TableRowEstimates.ReadAsync(sourceMeta, plans.Select(static p => (p.Source.Database, p.Source.Name)), ct).ConfigureAwait(false);
                estimates = plans.ToDictionary(static p => p.Name, p => rows.GetValueOrDefault((p.Source.Database, p.Source.Name)), StringComparer.Ordinal);
            }
        }

        if (plans.Count == 0 && report.Schema.Count == 0)
        {
            throw new TandemException(
                $"no table on {options.Source.DisplayName} matches the tables to verify",
                "check --tables (patterns like 'db.*' or 'db.orders', '!db.skip' to leave one out)");
        }

        if (options.TimeSlices is { } slices)
            plans = [.. plans.Select(p => p.WithFilter(SliceWindow.Filter(slices.Column, slices.Since, slices.Until, options.Where)))];
        progress.Planned(plans.Sum(p => estimates.GetValueOrDefault(p.Name)), plans.Count);

        using var journal = VerifyJournal.Open(options.JournalPath, Signature(options), options.Resume);
        if (options.Resume && journal.ResumedUnits > 0)
            logger.LogInformation("resuming the verification recorded in {Journal}: {Units} tables or slices already begun", journal.Path, journal.ResumedUnits);

        ILiveWait? live = null;
        if (options.IsLive)
        {
            live = options.Task is { } task
                ? new TaskCheckpointWait(options.Target, task, options.RecheckTimeout, logger)
                : new LagBoundWait(options.LagBound);
        }

        try
        {
            var context = new VerifyContext(options, new RowRateLimiter(options.MaxRowsPerSecond), progress, journal, live, logger);
            await using var pairs = options.Consistent
                ? await ConsistentPairs.OpenAsync(options, sourceQueries, targetQueries, report, logger, ct).ConfigureAwait(false)
                : SessionPairs.Fresh(options, sourceQueries, targetQueries);
            var results = await RunTablesAsync(plans, estimates, pairs, context, ct).ConfigureAwait(false);
            report.Tables.AddRange(results.OrderBy(static r => r.Table, StringComparer.Ordinal));
        }
        finally
        {
            if (live is IAsyncDisposable disposable)
                await disposable.DisposeAsync().ConfigureAwait(false);
        }

        report.Elapsed = clock.Elapsed;
        report.SourceQueries = sourceQueries.Count;
        report.TargetQueries = targetQueries.Count;
        return report;
    }

    private static async Task<List<TableResult>> RunTablesAsync(
        List<VerifyTablePlan> plans, Dictionary<string, long> estimates, SessionPairs pairs, VerifyContext context, CancellationToken ct)
    {
        var queue = new ConcurrentQueue<VerifyTablePlan>(plans.OrderByDescending(p => estimates.GetValueOrDefault(p.Name)));
        var results = new ConcurrentBag<TableResult>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = Enumerable.Range(0, Math.Min(pairs.Count, Math.Max(1, plans.Count))).Select(async index =>
        {
            var (source, target) = await pairs.GetAsync(index, failed.Token).ConfigureAwait(false);
            while (queue.TryDequeue(out var plan))
            {
                var result = await VerifyTableAsync(plan, source, target, context, failed.Token).ConfigureAwait(false);
                results.Add(result);
                context.Progress.TableFinished(result);
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return [.. results];
    }

    private static async Task<TableResult> VerifyTableAsync(VerifyTablePlan plan, VerifySession source, VerifySession target, VerifyContext context, CancellationToken ct)
    {
        var result = new TableResult { Table = plan.Name, TargetTable = plan.TargetDisplayName, Key = [.. plan.Key.Select(static k => k.Name)] };
        if (plan.Keyless)
            result.Warnings.Add("no primary key or NOT NULL unique key: compared as a multiset of whole rows");
        var clock = Stopwatch.StartNew();
        try
        {
            if (context.Options.TimeSlices is { } slices)
                await new SliceVerifier(plan, source, target, context, result, slices).RunAsync(ct).ConfigureAwait(false);
            else
                await RunUnitAsync(plan, plan.Name, source, target, context, result, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TandemException && !ct.IsCancellationRequested)
        {
            result.Error = ex.Message;
            context.Logger.LogError("{Table}: {Error}", plan.Name, ex.Message);
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>Compares one unit (a table, or a table's time slice), continuing where the journal says an earlier run stopped.</summary>
    internal static async Task RunUnitAsync(VerifyTablePlan plan, string unit, VerifySession source, VerifySession target, VerifyContext context, TableResult result, CancellationToken ct)
    {
        var done = context.Journal.Resumed(unit);
        if (done is not null)
        {
            result.Chunks += done.Chunks;
            result.DifferingChunks += done.DifferingChunks;
            result.SourceRows += done.SourceRows;
            result.TargetRows += done.TargetRows;
            result.Differences.AddRange(done.Differences.Take(context.Options.MaxDifferences - result.Differences.Count));
            context.Progress.Advanced(result.Table, Math.Max(done.SourceRows, done.TargetRows));
            if (done.Done)
                return;
        }

        await new TableVerifier(plan, unit, source, target, context, result).RunAsync(done?.Upper, ct).ConfigureAwait(false);
    }

    /// <summary>What makes two runs the same comparison, so --resume never continues another one's journal.</summary>
    public static string Signature(MySqlVerifyOptions options)
    {
        var text = string.Join('\n',
            options.Source.DisplayName, options.Target.DisplayName, string.Join(',', options.TablePatterns), options.Where ?? string.Empty,
            options.TimeSlices?.ToString() ?? string.Empty);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
