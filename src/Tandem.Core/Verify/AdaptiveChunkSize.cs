namespace Tandem.Core.Verify;

/// <summary>
/// Sizes key-range chunks so one chunk query takes about <see cref="Target"/>: after each chunk the next size is
/// scaled by target/elapsed, growing at most 4x and shrinking at most 4x a step, within [min, max] rows. A quick first
/// chunk grows fast, and a slow server (wide rows, load) gets smaller chunks, so no query holds the server long.
/// </summary>
public sealed class AdaptiveChunkSize
{
    private readonly int _min;
    private readonly int _max;

    public AdaptiveChunkSize(int initial, TimeSpan target, int min = 1_000, int max = 2_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, 1);
        _min = Math.Min(min, initial);
        _max = Math.Max(max, initial);
        Rows = initial;
        Target = target;
    }

    /// <summary>The chunk time aimed at; zero keeps the size fixed.</summary>
    public TimeSpan Target { get; }

    public int Rows { get; private set; }

    /// <summary>Records that a chunk of <paramref name="rows"/> rows took <paramref name="elapsed"/>.</summary>
    public void Observe(long rows, TimeSpan elapsed)
    {
        if (Target <= TimeSpan.Zero || rows < Rows)
            return; // a short last chunk says little about the rate
        var factor = elapsed <= TimeSpan.Zero ? 4.0 : Math.Clamp(Target / elapsed, 0.25, 4.0);
        Rows = (int)Math.Clamp(Rows * factor, _min, _max);
    }
}
