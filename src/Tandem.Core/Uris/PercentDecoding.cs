using System.Text;

namespace Tandem.Core.Uris;

/// <summary>
/// Strict percent-decoding of one part of a URI (RFC 3986 section 2.1): every '%' must start two hex digits, and the
/// bytes decoded must be UTF-8. <see cref="Uri.UnescapeDataString(string)"/> would leave a bad sequence such as
/// <c>%3t</c> in place, so a mistyped password would be sent as written and fail as a wrong password.
/// </summary>
public static class PercentDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="text"/>; null with the reason when it is not valid percent-encoding.</summary>
    /// <param name="error">What is wrong, without quoting the text (it may be a password): "a '%' at character 4 is not followed by two hex digits".</param>
    public static string? TryDecode(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        if (!text.Contains('%', StringComparison.Ordinal))
            return text;

        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    error = $"a '%' at character {i + 1} is not followed by two hex digits";
                    return null;
                }

                bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            if (length == 4 && char.IsHighSurrogate(c))
                i++;
            for (var b = 0; b < length; b++)
                bytes.Add(utf8[b]);
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            error = "its percent-encoded bytes are not UTF-8";
            return null;
        }
    }
}
