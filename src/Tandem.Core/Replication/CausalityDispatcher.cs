using System.Numerics;

namespace Tandem.Core.Replication;

/// <summary>
/// Chooses the worker for each transaction so that transactions touching a common key run in commit order. It remembers,
/// for every key hash, the last worker and sequence that touched it. A transaction whose keys were last touched by
/// unfinished transactions of one worker joins that worker's queue (its order there is commit order); with no
/// unfinished conflict it goes to the least loaded worker; when unfinished conflicts sit on several workers it must
/// wait until all but one have finished. Not thread-safe: the caller serializes calls.
/// </summary>
/// <remarks>
/// Each worker finishes its transactions in the order it received them, so "unfinished" is one comparison with the
/// highest sequence the worker finished. A hash collision only makes two transactions wait for each other.
/// </remarks>
public sealed class CausalityDispatcher
{
    private const int PruneAbove = 1 << 16;

    private readonly Dictionary<ulong, (int Worker, long Sequence)> _lastTouch = [];
    private readonly long[] _assigned;
    private readonly long[] _finished;
    private readonly long[] _load;
    private int _pruneAt = PruneAbove;

    public CausalityDispatcher(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, 64);
        _assigned = new long[workers];
        _finished = new long[workers];
        _load = new long[workers];
    }

    public int Workers => _assigned.Length;

    /// <summary>True when every assigned transaction has finished (a barrier may run).</summary>
    public bool IsDrained
    {
        get
        {
            for (var w = 0; w < _assigned.Length; w++)
            {
                if (_finished[w] < _assigned[w])
                    return false;
            }

            return true;
        }
    }

    /// <summary>Keys remembered (for tests and diagnostics).</summary>
    public int TrackedKeys => _lastTouch.Count;

    /// <summary>The weight (e.g. row changes) queued on a worker and not yet finished.</summary>
    public long LoadOf(int worker) => _load[worker];

    /// <summary>
    /// The worker <paramref name="sequence"/> must run on, or null when it conflicts with unfinished transactions of
    /// several workers and must wait for one of them to finish. Sequences must increase from call to call.
    /// </summary>
    public int? TryAssign(long sequence, IEnumerable<ulong> keys, long weight)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ulong busy = 0;
        foreach (var key in keys)
        {
            if (_lastTouch.TryGetValue(key, out var touch) && touch.Sequence > _finished[touch.Worker])
                busy |= 1UL << touch.Worker;
        }

        int worker;
        if (busy == 0)
            worker = LeastLoaded();
        else if (BitOperations.PopCount(busy) == 1)
            worker = BitOperations.TrailingZeroCount(busy);
        else
            return null;

        foreach (var key in keys)
            _lastTouch[key] = (worker, sequence);
        _assigned[worker] = sequence;
        _load[worker] += weight;
        if (_lastTouch.Count > _pruneAt)
            Prune();
        return worker;
    }

    /// <summary>Records that <paramref name="worker"/> finished everything it was given up to <paramref name="sequence"/>.</summary>
    public void Finished(int worker, long sequence, long weight)
    {
        if (sequence > _finished[worker])
            _finished[worker] = sequence;
        _load[worker] -= weight;
    }

    private int LeastLoaded()
    {
        var best = 0;
        for (var w = 1; w < _load.Length; w++)
        {
            if (_load[w] < _load[best])
                best = w;
        }

        return best;
    }

    private void Prune()
    {
        // Keys last touched by finished transactions constrain nothing; drop them. Grow the threshold when most keys
        // are still live, so pruning stays amortized O(1) per key.
        var dead = new List<ulong>();
        foreach (var (key, touch) in _lastTouch)
        {
            if (touch.Sequence <= _finished[touch.Worker])
                dead.Add(key);
        }

        foreach (var key in dead)
            _lastTouch.Remove(key);
        _pruneAt = Math.Max(PruneAbove, _lastTouch.Count * 2);
    }
}
