namespace Tandem.Sandbox;

/// <summary>The end of a server log, for exceptions that must say why a server did not come up.</summary>
internal static class LogTail
{
    public static string Read(string path, int lines = 30)
    {
        try
        {
            var all = File.ReadAllLines(path);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return $"({path} is missing)";
        }
    }
}
