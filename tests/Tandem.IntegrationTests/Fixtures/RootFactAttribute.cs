namespace Tandem.IntegrationTests.Fixtures;

/// <summary>A test that must mount a filesystem (in a mount namespace of its own): it runs as root, as CI does.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Tandem.Core.Files.PrivateFiles.EffectiveUserId != 0)
            Skip = "needs root to mount a small tmpfs (CI runs the tests as root)";
    }
}
