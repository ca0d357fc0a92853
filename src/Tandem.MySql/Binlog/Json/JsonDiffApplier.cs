using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Applies the partial JSON diffs of a PARTIAL_UPDATE_ROWS after-image to the before-image's JSON, giving the full new value.
/// The diff vector (MySQL <c>Json_diff_vector::read_binary</c> in <c>sql/json_diff.cc</c>, https://dev.mysql.com/doc/dev/mysql-server/latest/classJson__diff__vector.html) is a sequence of diffs, each
/// an operation byte, a length-encoded path and, unless the operation is REMOVE, a length-encoded binary JSON value.
/// The rules follow the server's <c>apply_json_diff</c>: REPLACE needs the target to exist; INSERT adds a missing member or inserts
/// into an array (appending past its end); REMOVE needs the target to exist; a diff that does not apply is an error.
/// </summary>
internal static class JsonDiffApplier
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 2 * MySqlJsonBinary.MaxDepth + 56 };

    /// <param name="before">The before-image value as JSON text (from <see cref="MySqlJsonBinary.ToJsonText"/>).</param>
    /// <param name="diffs">The diff vector, after its 4-byte length.</param>
    public static string Apply(string before, ReadOnlySpan<byte> diffs)
    {
        ArgumentNullException.ThrowIfNull(before);
        var reader = new PayloadReader(diffs, "partial JSON diff");
        try
        {
            var root = JsonNode.Parse(before, documentOptions: DocumentOptions);
            while (!reader.AtEnd)
            {
                var start = reader.Offset;
                var operation = reader.ReadByte();
                if (operation > (byte)JsonDiffOperation.Remove)
                {
                    throw reader.Malformed($"a JSON diff operation 0 (REPLACE), 1 (INSERT) or 2 (REMOVE), found {operation}", start);
                }

                var path = JsonPath.Parse(reader.ReadLengthEncodedBytes());
                JsonNode? value = null;
                if (operation != (byte)JsonDiffOperation.Remove)
                {
                    value = JsonNode.Parse(MySqlJsonBinary.ToJsonText(reader.ReadLengthEncodedBytes()), documentOptions: DocumentOptions);
                }

                ApplyOne(root, (JsonDiffOperation)operation, path, value);
            }

            return JsonNodeText.Write(root, 1 << 30);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new MySqlProtocolException($"partial JSON diff could not be applied to the before-image: {ex.Message}", ex);
        }
    }

    private static void ApplyOne(JsonNode? root, JsonDiffOperation operation, List<JsonPathLeg> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            throw Rejected(operation, path, "the path is '$' (the server never diffs the whole document)");
        }

        var parent = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            parent = Child(parent, path[i]) ?? throw Rejected(operation, path, $"leg {i + 1} does not exist in the before-image");
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj when last.IsMember:
                ApplyToObject(obj, operation, path, last.Member!, value);
                break;
            case JsonArray array when !last.IsMember:
                ApplyToArray(array, operation, path, last.Position(array.Count), value);
                break;
            default:
                throw Rejected(operation, path, "its parent is not an object (for a member) or an array (for a cell)");
        }
    }

    private static void ApplyToObject(JsonObject obj, JsonDiffOperation operation, List<JsonPathLeg> path, string member, JsonNode? value)
    {
        var exists = obj.ContainsKey(member);
        switch (operation)
        {
            case JsonDiffOperation.Replace when exists:
                obj[member] = value;
                break;
            case JsonDiffOperation.Insert when !exists:
                obj.Add(member, value);
                break;
            case JsonDiffOperation.Remove when exists:
                obj.Remove(member);
                break;
            default:
                throw Rejected(operation, path, exists ? "the member already exists" : "the member does not exist");
        }
    }

    private static void ApplyToArray(JsonArray array, JsonDiffOperation operation, List<JsonPathLeg> path, int position, JsonNode? value)
    {
        var within = position >= 0 && position < array.Count;
        switch (operation)
        {
            case JsonDiffOperation.Replace when within:
                array[position] = value;
                break;
            case JsonDiffOperation.Insert when position >= 0:
                array.Insert(Math.Min(position, array.Count), value);
                break;
            case JsonDiffOperation.Remove when within:
                array.RemoveAt(position);
                break;
            default:
                throw Rejected(operation, path, $"cell {position} is outside the array of {array.Count} elements");
        }
    }

    private static JsonNode? Child(JsonNode? node, JsonPathLeg leg) => node switch
    {
        JsonObject obj when leg.IsMember => obj.TryGetPropertyValue(leg.Member!, out var child) ? child : null,
        JsonArray array when !leg.IsMember && leg.Position(array.Count) is var p && p >= 0 && p < array.Count => array[p],
        _ => null,
    };

    private static MySqlProtocolException Rejected(JsonDiffOperation operation, List<JsonPathLeg> path, string reason) =>
        new($"partial JSON diff {operation.ToString().ToUpperInvariant()} at '${string.Concat(path)}' does not apply to the before-image: {reason}");
}
