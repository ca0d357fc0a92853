using Tandem.Core.Text;
using Spectre.Console;

namespace Tandem.Cli.Check;

/// <summary>Shows a <see cref="CheckReport"/> as one table per server followed by its verdict.</summary>
internal static class CheckRenderer
{
    public static void Render(IAnsiConsole console, CheckReport report)
    {
        foreach (var server in report.Servers)
        {
            var version = server.Version is null ? string.Empty : $" {server.Version}";
            var table = new Table
            {
                Title = new TableTitle($"{server.Uri}  ({server.Flavor}{version})"),
                Expand = false,
            };
            if (!console.Profile.Capabilities.Ansi)
                table.Border = TableBorder.Ascii;
            table.AddColumn("check");
            table.AddColumn("status");
            table.AddColumn("detail");
            table.AddColumn("fix");
            foreach (var check in server.Checks)
            {
                table.AddRow(
                    new Text(check.Name),
                    new Text(CheckJsonWriter.StatusText(check.Status), StatusStyle(check.Status)),
                    new Text(PrintableText.Escape(check.Detail)),
                    new Text(PrintableText.Escape(check.Fix)));
            }

            console.Write(table);
            var verdict = new Text($"{server.Uri}: {server.Verdict}", server.Ok ? new Style(Color.Green) : new Style(Color.Red));
            console.Write(verdict);
            console.WriteLine();
            console.WriteLine();
        }
    }

    private static Style StatusStyle(CheckStatus status) => status switch
    {
        CheckStatus.Pass => new Style(Color.Green),
        CheckStatus.Warn => new Style(Color.Yellow),
        _ => new Style(Color.Red, decoration: Decoration.Bold),
    };
}
