using System.Text;

namespace Tandem.Core.Tasks;

/// <summary>
/// Replaces <c>${NAME}</c> with the environment variable NAME, so that passwords can stay out of task files;
/// <c>$${</c> is a literal <c>${</c>. Every other <c>$</c> is kept as written (passwords may hold one).
/// </summary>
internal static class EnvironmentSubstitution
{
    /// <summary>The substituted text; throws <see cref="FormatException"/> naming the problem (a missing variable, an unclosed brace).</summary>
    public static string Apply(string text, Func<string, string?> lookup)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i++]);
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            var name = close < 0 ? string.Empty : text[(i + 2)..close];
            if (close < 0 || !IsName(name))
                throw new FormatException("'${' must be followed by an environment variable name and '}', as in ${TANDEM_SOURCE_PASSWORD} (write $${ for a literal ${)");
            result.Append(lookup(name) ?? throw new FormatException($"environment variable '{name}' is not set"));
            i = close + 1;
        }

        return result.ToString();
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
