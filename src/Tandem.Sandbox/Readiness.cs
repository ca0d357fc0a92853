namespace Tandem.Sandbox;

/// <summary>Polls a readiness probe until it succeeds, the server exits, or time runs out.</summary>
internal static class Readiness
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns true when ready; false when the server exited (the caller reads its log).</summary>
    public static async Task<bool> WaitAsync(
        Func<CancellationToken, Task<bool>> probe,
        Func<bool> hasExited,
        string what,
        Func<string> logTail,
        CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            while (true)
            {
                if (hasExited())
                    return false;
                if (await probe(timeout.Token))
                    return true;
                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{what} did not become ready within {DefaultTimeout.TotalSeconds:0} s. Log tail:{Environment.NewLine}{logTail()}");
        }
    }
}
