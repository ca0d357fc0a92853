using Tandem.Core.Text;

namespace Tandem.Cli;

/// <summary>
/// The "tandem: ..." and "hint: ..." lines of a failure. Messages carry names and values from the servers, so they are
/// printed through <see cref="PrintableText"/>: a table name holding a line break or an escape sequence cannot forge a
/// line of output or drive the terminal.
/// </summary>
internal static class ErrorReport
{
    public static async Task WriteAsync(TextWriter stderr, string message, string? hint)
    {
        await stderr.WriteLineAsync($"tandem: {PrintableText.Escape(message)}");
        if (hint is not null)
            await stderr.WriteLineAsync($"hint: {PrintableText.Escape(hint)}");
    }
}
