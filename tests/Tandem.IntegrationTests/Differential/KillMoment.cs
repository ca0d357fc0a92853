namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// When to kill -9 `tandem run`: during the copy once <see cref="CopiedFraction"/> of its chunks are done, or
/// <see cref="IntoStreaming"/> after it streams (its first checkpoint written).
/// </summary>
internal sealed record KillMoment(bool DuringCopy, double CopiedFraction, TimeSpan IntoStreaming)
{
    /// <summary>
    /// The kills of one seed's run: <paramref name="copyKills"/> during the copy (at growing fractions, since a restarted
    /// copy keeps the chunks it finished), then <paramref name="streamingKills"/> while streaming, each drawn from the seed,
    /// 0.3 s to 4 s after the stream starts, or up to a share of <paramref name="workload"/> when that is longer, so the
    /// kills of a long workload spread over it.
    /// </summary>
    public static IReadOnlyList<KillMoment> Plan(int seed, int copyKills, int streamingKills, TimeSpan workload)
    {
        var longest = Math.Max(4_000, (int)(workload.TotalMilliseconds / (streamingKills + 1)));
        var random = new Random(unchecked(seed ^ 0x6B696C6C));
        var fractions = Enumerable.Range(0, copyKills).Select(_ => 0.05 + (random.NextDouble() * 0.75)).Order().ToList();
        return
        [
            .. fractions.Select(static f => new KillMoment(DuringCopy: true, f, TimeSpan.Zero)),
            .. Enumerable.Range(0, streamingKills).Select(_ => new KillMoment(DuringCopy: false, 0, TimeSpan.FromMilliseconds(random.Next(300, longest)))),
        ];
    }

    public override string ToString() =>
        DuringCopy ? $"during the copy at {CopiedFraction:P0} of its chunks" : $"{IntoStreaming.TotalMilliseconds:0} ms into streaming";
}
