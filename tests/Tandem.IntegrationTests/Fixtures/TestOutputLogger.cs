using Xunit.Abstractions;
using Microsoft.Extensions.Logging;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>Sends a component's log to the test's output, so a failing run shows what the component was doing.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, string name) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel.ToString()[..4].ToLowerInvariant()} {name}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test already ended; its output is closed.
        }
    }
}
