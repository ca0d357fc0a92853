namespace Tandem.IntegrationTests.Fixtures;

/// <summary>A long soak or chaos test: it runs only when TANDEM_SOAK=1 (scripts/test passes the variable through).</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TANDEM_SOAK") is not ("1" or "true"))
            Skip = "a soak test: set TANDEM_SOAK=1 to run it";
    }
}
