using System.Buffers;
using System.Text;
using System.Text.Json;
using Tandem.Core.Errors;

namespace Tandem.MySql.Snapshot;

/// <summary>
/// A chunk bound as stored in <c>copy_chunk.lower_bound</c>/<c>upper_bound</c>: a JSON array of the key's SQL literals
/// (<see cref="KeyLiteral"/>), in key column order; null for an open end.
/// </summary>
internal static class ChunkBounds
{
    public static string? Encode(IReadOnlyList<string>? literals)
    {
        if (literals is null)
            return null;
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            foreach (var literal in literals)
                writer.WriteStringValue(literal);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static IReadOnlyList<string>? Decode(string? text)
    {
        if (text is null)
            return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new JsonException("not an array");
            return [.. document.RootElement.EnumerateArray().Select(static e => e.GetString() ?? throw new JsonException("a null literal"))];
        }
        catch (JsonException ex)
        {
            throw new TandemException(
                $"tandem_meta.copy_chunk holds a chunk bound that is not a JSON array of SQL literals: {text}",
                "the copy plan was damaged; delete the task's rows from tandem_meta.copy_table and copy_chunk and empty its target tables to copy again",
                ex);
        }
    }
}
