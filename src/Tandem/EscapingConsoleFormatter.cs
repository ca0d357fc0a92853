using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Tandem.Core.Text;

namespace Tandem.Cli;

/// <summary>
/// Log lines on stderr, one per entry, in the simple console's single-line shape (<c>HH:mm:ss warn: category[id]
/// message</c>), with the message and any exception passed through <see cref="PrintableText"/>: statements, table names
/// and values logged from the servers cannot start a forged log line or send escape sequences to a terminal.
/// </summary>
internal sealed class EscapingConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "tandem";

    public EscapingConsoleFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
            return;

        textWriter.Write(DateTimeOffset.Now.ToString("HH:mm:ss ", CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write(PrintableText.Escape(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(PrintableText.Escape(exception.ToString()));
        }

        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
