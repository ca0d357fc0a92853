using System.Diagnostics;
using Tandem.Core.Errors;
using Tandem.Core.Files;
using Tandem.Core.Verify;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Events;
using Tandem.MySql.Schema.History;

namespace Tandem.MySql.Tests.Core;

/// <summary>Directories Tandem makes are 0700 and its files 0600; a directory others own or may write to is refused.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Directory.CreateTempSubdirectory("tandem-private-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_missing_directory_and_its_missing_parents_are_created_0700()
    {
        var path = Path.Combine(_root, "a", "b", "c");

        PrivateFiles.EnsureDirectory(path, "spill directory", "spill_dir");

        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_root, "a", "b")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_root, "a")));
    }

    [Fact]
    public void An_existing_directory_of_this_user_that_others_cannot_write_is_accepted_as_it_is()
    {
        var path = Directory.CreateDirectory(Path.Combine(_root, "mine")).FullName;
        File.SetUnixFileMode(path, Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        PrivateFiles.EnsureDirectory(path, "spill directory", "spill_dir");

        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("777", "its group and others")]
    [InlineData("775", "its group")]
    [InlineData("1777", "its group and others")]
    [InlineData("703", "others")]
    public void A_directory_others_can_write_to_is_refused_with_its_path_mode_and_setting(string mode, string who)
    {
        var path = Directory.CreateDirectory(Path.Combine(_root, "open")).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));

        var error = Assert.Throws<TandemException>(() => PrivateFiles.EnsureDirectory(path, "spill directory", "spill_dir in the task file"));

        Assert.Contains($"spill directory {path} is writable by {who} (mode 0{mode.TrimStart('0')}", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 0700", error.Hint, StringComparison.Ordinal);
        Assert.Contains("spill_dir in the task file", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_owned_by_another_user_is_refused_with_both_owners()
    {
        // As root (CI) a directory handed to nobody stands for another user's; otherwise one of root's does.
        string path;
        if (PrivateFiles.EffectiveUserId == 0)
        {
            path = Directory.CreateDirectory(Path.Combine(_root, "theirs")).FullName;
            File.SetUnixFileMode(path, Private);
            using var chown = Process.Start("chown", ["65534", path]);
            await chown.WaitForExitAsync();
            Assert.Equal(0, chown.ExitCode);
        }
        else
        {
            path = "/usr";
        }

        var error = Assert.Throws<TandemException>(() => PrivateFiles.EnsureDirectory(path, "schema history directory", "--schema-history"));

        Assert.Contains($"schema history directory {path} is owned by", error.Message, StringComparison.Ordinal);
        Assert.Contains(PrivateFiles.EffectiveUserId == 0 ? "uid 65534" : "uid 0", error.Message, StringComparison.Ordinal);
        Assert.Contains($"not by the user Tandem runs as", error.Message, StringComparison.Ordinal);
        Assert.Contains("--schema-history", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_a_directory_others_can_write_to_is_refused()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "target")).FullName;
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("777", 8));
        var link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, target);

        var error = Assert.Throws<TandemException>(() => PrivateFiles.EnsureDirectory(link, "spill directory", "spill_dir"));

        Assert.Contains("writable by its group and others", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_directory_is_refused()
    {
        var path = Path.Combine(_root, "file");
        File.WriteAllText(path, "x");

        var error = Assert.Throws<TandemException>(() => PrivateFiles.EnsureDirectory(path, "spill directory", "spill_dir"));

        Assert.Contains("is not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_files_are_0600_and_an_existing_readable_one_is_narrowed_to_0600()
    {
        var created = Path.Combine(_root, "new.sql");
        using (PrivateFiles.Open(created, FileMode.Create, FileAccess.Write))
        {
        }

        var existing = Path.Combine(_root, "old.sql");
        File.WriteAllText(existing, "old");
        File.SetUnixFileMode(existing, (UnixFileMode)Convert.ToInt32("644", 8));
        using (PrivateFiles.Open(existing, FileMode.Append, FileAccess.Write))
        {
        }

        Assert.Equal(PrivateFile, File.GetUnixFileMode(created));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(existing));
    }

    [Fact]
    public async Task Spill_files_are_0600_in_a_0700_directory_and_the_default_directory_is_per_user()
    {
        var directory = Path.Combine(_root, "spill");
        await using var buffer = new TransactionBuffer(0, directory);

        await buffer.AddAsync(0, RowsEventKind.Write, 4, new byte[] { 1, 2, 3 }, CancellationToken.None);

        Assert.True(buffer.Spilled);
        Assert.Equal(PrivateFile, File.GetUnixFileMode(buffer.SpillPath!));
        Assert.Equal(Private, File.GetUnixFileMode(directory));
        Assert.Equal(Path.Combine(Path.GetTempPath(), $"tandem-spill-{PrivateFiles.EffectiveUserId}"), SpillFiles.DefaultDirectory);
    }

    [Fact]
    public async Task Schema_history_and_verify_journal_files_are_0600_in_0700_directories()
    {
        var history = Path.Combine(_root, "state", "schema", "host_3306");
        var store = new FileSchemaHistoryStore(history);
        await store.WriteSnapshotAsync(new HistoryPosition("mariadb-bin.000001", 4), Tandem.MySql.Schema.SchemaCatalog.Empty(new Tandem.MySql.Schema.SchemaCatalogOptions { IsMariaDb = true }), CancellationToken.None);
        await store.AppendAsync(new SchemaHistoryEntry { Position = new HistoryPosition("mariadb-bin.000001", 100), Statement = "CREATE DATABASE d" }, CancellationToken.None);

        var journal = Path.Combine(_root, "journals", "verify.jsonl");
        using (VerifyJournal.Open(journal, "0123456789ABCDEF", resume: false))
        {
        }

        Assert.Equal(Private, File.GetUnixFileMode(history));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(_root, "state")));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(history, FileSchemaHistoryStore.SnapshotFileName)));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(history, FileSchemaHistoryStore.LogFileName)));
        Assert.Equal(Private, File.GetUnixFileMode(Path.GetDirectoryName(journal)!));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(journal));
    }
}
