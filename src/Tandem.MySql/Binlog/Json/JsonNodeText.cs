using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Writes a <see cref="JsonNode"/> tree as compact text with the same escaping as <see cref="MySqlJsonBinary"/>, so a value
/// rebuilt from partial diffs reads exactly like one decoded whole (System.Text.Json's own writer escapes non-ASCII).
/// Numbers keep the text they were parsed from.
/// </summary>
internal static class JsonNodeText
{
    public static string Write(JsonNode? node, int limit)
    {
        var output = new JsonTextBuilder(stackalloc byte[512], limit);
        try
        {
            Write(node, ref output);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    private static void Write(JsonNode? node, ref JsonTextBuilder output)
    {
        switch (node)
        {
            case null:
                output.Append("null"u8);
                break;
            case JsonObject obj:
                {
                    output.Append((byte)'{');
                    var first = true;
                    foreach (var (key, value) in obj)
                    {
                        if (!first)
                        {
                            output.Append((byte)',');
                        }

                        first = false;
                        output.AppendString(key);
                        output.Append((byte)':');
                        Write(value, ref output);
                    }

                    output.Append((byte)'}');
                    break;
                }

            case JsonArray array:
                output.Append((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append((byte)',');
                    }

                    Write(array[i], ref output);
                }

                output.Append((byte)']');
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    output.AppendString(node.GetValue<string>());
                }
                else
                {
                    var text = node.ToJsonString();
                    var span = output.GetSpan(text.Length * 3);
                    output.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
                }

                break;
        }
    }
}
