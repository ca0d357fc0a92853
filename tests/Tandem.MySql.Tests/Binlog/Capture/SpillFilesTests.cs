using System.Diagnostics;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Tests.Binlog.Capture;

public sealed class SpillFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tandem-spill-test-{Guid.NewGuid():N}");

    public SpillFilesTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Old_files_of_processes_that_are_gone_are_removed_and_others_kept()
    {
        using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await finished.WaitForExitAsync();
        var orphan = Path.Combine(_directory, $"txn-{finished.Id}-{Guid.NewGuid():N}.spill");
        var live = SpillFiles.NewPath(_directory);
        var unrelated = Path.Combine(_directory, "notes.txt");
        var recentOrphan = Path.Combine(_directory, $"txn-{finished.Id}-{Guid.NewGuid():N}.spill");
        foreach (var path in new[] { orphan, live, unrelated, recentOrphan })
            await File.WriteAllTextAsync(path, "x");
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-2));

        var removed = SpillFiles.SweepOrphans(_directory);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
        Assert.True(File.Exists(recentOrphan), "a recent file may belong to a live process in another PID namespace");
    }
}
