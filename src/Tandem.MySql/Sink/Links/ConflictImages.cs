using System.Globalization;
using System.Text;
using System.Text.Json;
using Tandem.Core.Model;

namespace Tandem.MySql.Sink.Links;

/// <summary>Row images as JSON objects for tandem_meta.conflicts: bytes as hex, times and decimals as their text.</summary>
internal static class ConflictImages
{
    public static string? ToJson(TableSchema table, object?[]? row, IReadOnlyList<int> columns)
    {
        if (row is null)
            return null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var i in columns)
            {
                json.WritePropertyName(table.Columns[i].Name);
                Write(json, row[i]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case byte[] bytes:
                json.WriteStringValue(Convert.ToHexString(bytes));
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
