namespace Tandem.Sandbox;

/// <summary>Finds the server executables of the distribution packages scripts/setup installs.</summary>
internal static class ServerBinaries
{
    public const string MariaDbPluginDirectory = "/usr/lib/mysql/plugin";

    public static string MariaDbServer => FirstExisting("/usr/sbin/mariadbd", "/usr/bin/mariadbd") ?? "mariadbd";

    /// <summary>
    /// The newest PostgreSQL under /usr/lib/postgresql (Debian installs each major version there,
    /// off PATH), or TANDEM_PG_BIN when set.
    /// </summary>
    public static string PostgresBinDirectory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("TANDEM_PG_BIN");
            if (!string.IsNullOrEmpty(fromEnvironment))
                return fromEnvironment;
            const string root = "/usr/lib/postgresql";
            var newest = Directory.Exists(root)
                ? Directory.EnumerateDirectories(root)
                    .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                    .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "bin", "postgres")))
                    .OrderByDescending(x => x.Version)
                    .Select(x => Path.Combine(x.Dir, "bin"))
                    .FirstOrDefault()
                : null;
            return newest ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/setup or set TANDEM_PG_BIN.");
        }
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);
}
