namespace Tandem.MySql.Meta;

/// <summary>
/// The states of a row in <c>tandem_meta.fence</c>. The verifier writes <see cref="Pause"/>, <see cref="Advance"/> and
/// <see cref="Release"/>; the runner answers <see cref="Paused"/> and <see cref="Held"/>, and writes
/// <see cref="Expired"/> when a fence outlived its expires_at (or asks for something the runner cannot do).
/// </summary>
internal static class FenceState
{
    public const string Pause = "pause";
    public const string Paused = "paused";
    public const string Advance = "advance";
    public const string Held = "held";
    public const string Release = "release";
    public const string Expired = "expired";

    /// <summary>The states in which a fence still holds (or is about to hold) the task's apply.</summary>
    public static readonly IReadOnlyList<string> Holding = [Pause, Paused, Advance, Held];
}
