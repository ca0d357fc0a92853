using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tandem.Cli.Check;

/// <summary>
/// Writes a <see cref="CheckReport"/> as one JSON document:
/// {"ok", "servers": [{"uri", "flavor", "version", "ok", "checks": [{"name", "status", "detail", "fix"}]}]}.
/// </summary>
internal static class CheckJsonWriter
{
    public static string Write(CheckReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", report.Ok);
            json.WriteStartArray("servers");
            foreach (var server in report.Servers)
            {
                json.WriteStartObject();
                json.WriteString("uri", server.Uri);
                json.WriteString("flavor", server.Flavor);
                json.WriteString("version", server.Version);
                json.WriteBoolean("ok", server.Ok);
                json.WriteStartArray("checks");
                foreach (var check in server.Checks)
                {
                    json.WriteStartObject();
                    json.WriteString("name", check.Name);
                    json.WriteString("status", StatusText(check.Status));
                    json.WriteString("detail", check.Detail);
                    json.WriteString("fix", check.Fix);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string StatusText(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };
}
