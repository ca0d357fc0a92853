using FsCheck;
using FsCheck.Fluent;
using Tandem.Core.Model;
using Tandem.Core.Replication;
using static Tandem.MySql.Tests.Core.SinkTestTables;

namespace Tandem.MySql.Tests.Core;

/// <summary>
/// Random transactions over a few keys (primary key changes and unique-value moves included), dispatched to three
/// workers that commit merged batches in random interleavings, end in the same table as applying them one by one.
/// The target is an in-memory table with REPLACE semantics, as the sink writes a table with a second unique key.
/// </summary>
public sealed class ParallelApplyPropertyTests
{
    [Fact]
    public void Parallel_merged_apply_equals_serial_apply()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(ArbMap.Default.ArbFor<int>(), (int seed) =>
        {
            var random = new Random(seed);
            var (transactions, expected) = Generate(random, random.Next(1, 60));
            var actual = ApplyInParallel(random, transactions);
            Assert.Equal(Describe(expected), Describe(actual));
        }));
    }

    private static (List<List<RowChange>> Transactions, Dictionary<int, (int? U, string V)> Final) Generate(Random random, int count)
    {
        var rows = new Dictionary<int, (int? U, string V)>();
        var transactions = new List<List<RowChange>>();
        for (var t = 0; t < count; t++)
        {
            var changes = new List<RowChange>();
            for (var c = random.Next(1, 4); c > 0; c--)
            {
                var freeIds = Enumerable.Range(0, 6).Where(id => !rows.ContainsKey(id)).ToList();
                int? FreeU(int? own)
                {
                    var free = Enumerable.Range(0, 4).Where(u => u == own || rows.Values.All(r => r.U != u)).Select(static u => (int?)u).Append(null).ToList();
                    return free[random.Next(free.Count)];
                }

                var action = random.Next(3);
                if ((action == 0 || rows.Count == 0) && freeIds.Count > 0)
                {
                    var id = freeIds[random.Next(freeIds.Count)];
                    var row = (FreeU(null), $"v{t}");
                    rows[id] = row;
                    changes.Add(Insert(WithUnique, id, row.Item1, row.Item2));
                }
                else if (rows.Count > 0)
                {
                    var id = rows.Keys.ElementAt(random.Next(rows.Count));
                    var before = rows[id];
                    if (action == 1)
                    {
                        rows.Remove(id);
                        changes.Add(Delete(WithUnique, id, before.U, before.V));
                    }
                    else
                    {
                        var newId = freeIds.Count > 0 && random.Next(3) == 0 ? freeIds[random.Next(freeIds.Count)] : id;
                        var after = (FreeU(before.U), $"v{t}.{c}");
                        rows.Remove(id);
                        rows[newId] = after;
                        changes.Add(Update(WithUnique, [id, before.U, before.V], [newId, after.Item1, after.Item2]));
                    }
                }
            }

            transactions.Add(changes);
        }

        return (transactions, rows);
    }

    private static Dictionary<int, (int? U, string V)> ApplyInParallel(Random random, List<List<RowChange>> transactions)
    {
        const int Workers = 3;
        var keys = new TableKeys(WithUnique);
        var dispatcher = new CausalityDispatcher(Workers);
        var queues = Enumerable.Range(0, Workers).Select(static _ => new Queue<(long Sequence, List<RowChange> Changes)>()).ToArray();
        var target = new Dictionary<int, (int? U, string V)>();
        var next = 0;

        void CommitSome()
        {
            var busy = Enumerable.Range(0, Workers).Where(w => queues[w].Count > 0).ToList();
            var worker = busy[random.Next(busy.Count)];
            var merger = new RowMerger(keys);
            long last = 0;
            var weight = 0;
            for (var take = random.Next(1, queues[worker].Count + 1); take > 0; take--)
            {
                var (sequence, changes) = queues[worker].Dequeue();
                last = sequence;
                weight += changes.Count;
                foreach (var change in changes)
                {
                    if (!merger.TryAdd(change))
                    {
                        Write(merger, target);
                        merger.Clear();
                        merger.TryAdd(change);
                    }
                }
            }

            Write(merger, target);
            dispatcher.Finished(worker, last, weight);
        }

        while (next < transactions.Count || queues.Any(static q => q.Count > 0))
        {
            if (next < transactions.Count && random.Next(2) == 0)
            {
                var set = new HashSet<ulong>();
                foreach (var change in transactions[next])
                {
                    keys.AddConflictKeys(change.Before, set);
                    keys.AddConflictKeys(change.After, set);
                }

                if (dispatcher.TryAssign(next + 1, set, transactions[next].Count) is { } worker)
                {
                    queues[worker].Enqueue((next + 1, transactions[next]));
                    next++;
                }
                else
                {
                    CommitSome();
                }
            }
            else if (queues.Any(static q => q.Count > 0))
            {
                CommitSome();
            }
        }

        return target;
    }

    /// <summary>DELETE by key, then REPLACE each final row (which removes any row holding its key or unique value).</summary>
    private static void Write(RowMerger merger, Dictionary<int, (int? U, string V)> target)
    {
        foreach (var key in merger.DeletedKeys)
            target.Remove((int)key[0]!);
        foreach (var row in merger.Rows)
        {
            var id = (int)row[0]!;
            var u = (int?)row[1];
            target.Remove(id);
            if (u is not null)
            {
                foreach (var stale in target.Where(r => r.Value.U == u).Select(static r => r.Key).ToList())
                    target.Remove(stale);
            }

            target[id] = (u, (string)row[2]!);
        }
    }

    private static string Describe(Dictionary<int, (int? U, string V)> rows) =>
        string.Join("; ", rows.OrderBy(static r => r.Key).Select(static r => $"{r.Key}:{r.Value.U}:{r.Value.V}"));
}
