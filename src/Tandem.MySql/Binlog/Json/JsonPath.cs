using System.Text;
using System.Text.Json;
using Tandem.MySql.Protocol;

namespace Tandem.MySql.Binlog.Json;

/// <summary>
/// Parses the JSON paths of partial JSON diffs, as the server prints them (<c>Json_path::to_string</c>): <c>$</c> followed by
/// members (<c>.name</c> or <c>."quoted name"</c>) and array cells (<c>[3]</c>, <c>[last]</c>, <c>[last-2]</c>).
/// Wildcards and ranges match many values, so the server never logs them in a diff, and they are rejected here.
/// See https://dev.mysql.com/doc/refman/8.4/en/json.html#json-path-syntax.
/// </summary>
internal static class JsonPath
{
    public static List<JsonPathLeg> Parse(ReadOnlySpan<byte> path)
    {
        var legs = new List<JsonPathLeg>();
        var at = SkipSpaces(path, 0);
        if (at >= path.Length || path[at] != (byte)'$')
        {
            throw Malformed(path, "a path starting with '$'");
        }

        at++;
        while (true)
        {
            at = SkipSpaces(path, at);
            if (at >= path.Length)
            {
                return legs;
            }

            if (path[at] == (byte)'.')
            {
                at = SkipSpaces(path, at + 1);
                legs.Add(JsonPathLeg.ForMember(ReadMember(path, ref at)));
            }
            else if (path[at] == (byte)'[')
            {
                legs.Add(ReadCell(path, ref at));
            }
            else
            {
                throw Malformed(path, $"'.' or '[' at position {at}");
            }
        }
    }

    private static string ReadMember(ReadOnlySpan<byte> path, ref int at)
    {
        if (at < path.Length && path[at] == (byte)'"')
        {
            var end = at + 1;
            while (end < path.Length && path[end] != (byte)'"')
            {
                end += path[end] == (byte)'\\' ? 2 : 1;
            }

            if (end >= path.Length)
            {
                throw Malformed(path, "a closing '\"' of the quoted member name");
            }

            var quoted = path[at..(end + 1)];
            at = end + 1;
            try
            {
                var reader = new Utf8JsonReader(quoted);
                return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Malformed(path, "a JSON string as member name");
            }
            catch (JsonException ex)
            {
                throw new MySqlProtocolException($"malformed JSON path '{Describe(path)}': the quoted member name is not a JSON string ({ex.Message})", ex);
            }
        }

        var start = at;
        while (at < path.Length && path[at] is not ((byte)'.' or (byte)'[' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
        {
            at++;
        }

        var name = path[start..at];
        if (name.IsEmpty || name.SequenceEqual("*"u8) || name.StartsWith("**"u8))
        {
            throw Malformed(path, $"a member name at position {start} (wildcards never appear in a diff)");
        }

        return Encoding.UTF8.GetString(name);
    }

    private static JsonPathLeg ReadCell(ReadOnlySpan<byte> path, ref int at)
    {
        at = SkipSpaces(path, at + 1);
        var fromEnd = false;
        var index = 0;
        if (path[at..].StartsWith("last"u8))
        {
            fromEnd = true;
            at = SkipSpaces(path, at + 4);
            if (at < path.Length && path[at] == (byte)'-')
            {
                at = SkipSpaces(path, at + 1);
                index = ReadIndex(path, ref at);
            }
        }
        else
        {
            index = ReadIndex(path, ref at);
        }

        at = SkipSpaces(path, at);
        if (at >= path.Length || path[at] != (byte)']')
        {
            throw Malformed(path, $"']' at position {at} (ranges never appear in a diff)");
        }

        at++;
        return JsonPathLeg.ForIndex(index, fromEnd);
    }

    private static int ReadIndex(ReadOnlySpan<byte> path, ref int at)
    {
        var start = at;
        long value = 0;
        while (at < path.Length && path[at] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (path[at] - '0');
            if (value > int.MaxValue)
            {
                throw Malformed(path, $"an array index below 2^31 at position {start}");
            }

            at++;
        }

        return at > start ? (int)value : throw Malformed(path, $"an array index at position {start}");
    }

    private static int SkipSpaces(ReadOnlySpan<byte> path, int at)
    {
        while (at < path.Length && path[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }

    private static MySqlProtocolException Malformed(ReadOnlySpan<byte> path, string expected) =>
        new($"malformed JSON path '{Describe(path)}' in a partial JSON diff: expected {expected}");

    private static string Describe(ReadOnlySpan<byte> path) =>
        path.Length <= 200 ? Encoding.UTF8.GetString(path) : Encoding.UTF8.GetString(path[..200]) + "...";
}
