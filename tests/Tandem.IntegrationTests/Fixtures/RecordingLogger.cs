using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>Keeps every warning and error logged, so a test can assert what a user was told.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => [.. _messages];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            _messages.Enqueue(formatter(state, exception));
    }
}
