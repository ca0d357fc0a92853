using System.Text.RegularExpressions;

namespace Tandem.IntegrationTests.Fixtures;

/// <summary>Unique database names, so tests sharing one server never see each other's tables.</summary>
internal static partial class DatabaseNames
{
    public static string Unique(string prefix)
    {
        // Names go into SQL unquoted-safe; the random part keeps parallel runs apart.
        if (!SafePrefix().IsMatch(prefix))
            throw new ArgumentException("A database prefix is lower-case letters, digits and '_', starting with a letter.", nameof(prefix));
        return $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}";
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    private static partial Regex SafePrefix();
}
