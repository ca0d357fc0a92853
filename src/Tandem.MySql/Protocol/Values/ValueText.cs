using System.Text;

namespace Tandem.MySql.Protocol.Values;

/// <summary>Renders value bytes for error messages: printable ASCII as is, other bytes as \xNN, at most 64 characters.</summary>
internal static class ValueText
{
    private const int MaxChars = 64;

    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(Math.Min(bytes.Length, MaxChars) + 8);
        foreach (var b in bytes)
        {
            if (builder.Length >= MaxChars)
            {
                builder.Length = MaxChars;
                builder.Append("...");
                return builder.ToString();
            }

            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append("\\x").Append(b.ToString("X2"));
            }
        }

        if (builder.Length > MaxChars)
        {
            builder.Length = MaxChars;
            builder.Append("...");
        }

        return builder.ToString();
    }
}
