namespace Tandem.IntegrationTests.Fixtures;

/// <summary>
/// A test of the fault suite (tests/Tandem.IntegrationTests/Faults): it runs only when TANDEM_FAULTS=1 or TANDEM_SOAK=1,
/// since its outages last half a minute each. With <see cref="NeedsRoot"/>, it also needs root to mount a small tmpfs.
/// </summary>
public sealed class FaultFactAttribute : FactAttribute
{
    private bool _needsRoot;

    public FaultFactAttribute()
    {
        if (!Enabled)
            Skip = "a fault-suite test: set TANDEM_FAULTS=1 (or TANDEM_SOAK=1) to run it";
    }

    public bool NeedsRoot
    {
        get => _needsRoot;
        set
        {
            _needsRoot = value;
            if (value && Enabled && Tandem.Core.Files.PrivateFiles.EffectiveUserId != 0)
                Skip = "needs root to mount a small tmpfs (CI runs the tests as root)";
        }
    }

    private static bool Enabled =>
        Environment.GetEnvironmentVariable("TANDEM_FAULTS") is "1" or "true" || Environment.GetEnvironmentVariable("TANDEM_SOAK") is "1" or "true";
}
