using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Tandem.Cli;

/// <summary>Where a command writes: stdout for results, stderr for logs and errors. Tests pass their own writers.</summary>
internal sealed class CliEnvironment
{
    public CliEnvironment(TextWriter stdout, TextWriter stderr)
    {
        Stdout = stdout;
        Stderr = stderr;
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>True when stdout is the process's own, attached to a terminal.</summary>
    public bool StdoutIsTerminal => ReferenceEquals(Stdout, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>
    /// A Spectre console over stdout. Redirected output gets no colours and a wide, ASCII layout so
    /// that logs and pipes stay readable.
    /// </summary>
    public IAnsiConsole CreateConsole()
    {
        var terminal = StdoutIsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = 160;
        return console;
    }

    /// <summary>Logs go to stderr: warnings and up, everything with --verbose or TANDEM_DEBUG=1.</summary>
    public ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose || Program.DebugRequested ? LogLevel.Debug : LogLevel.Warning);
        builder.AddConsole(o =>
        {
            o.FormatterName = EscapingConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        builder.AddConsoleFormatter<EscapingConsoleFormatter, ConsoleFormatterOptions>();
    });
}
