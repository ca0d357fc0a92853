namespace Tandem.IntegrationTests.Fixtures;

/// <summary>Waits on a condition with a deadline, so tests never rely on a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<bool> TrueWithinAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }

        return true;
    }
}
