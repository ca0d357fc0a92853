using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Verify;

/// <summary>A verification that cannot compare exits 2 and says why, instead of reporting tables equal or different.</summary>
[Collection(VerifyPairCollection.Name)]
public sealed class VerifyErrorTests(ReplicationPairFixture pair) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-verify-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_unreachable_server_exits_2()
    {
        var run = await VerifyRun.RunAsync(
            ["--source", pair.Source.Uri, "--target", "mysql://root@127.0.0.1:1", "--tables", "mysql.*", "--journal", Path.Combine(_directory, "j.jsonl"), "--json"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("tandem: could not connect to mysql://root@127.0.0.1:1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_pattern_matching_nothing_exits_2()
    {
        var database = DatabaseNames.Unique("absent");

        var run = await VerifyRun.RunAsync(
            ["--source", pair.Source.Uri, "--target", pair.Target.Uri, "--tables", $"{database}.*", "--journal", Path.Combine(_directory, "j.jsonl"), "--json"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"tandem: no table on {pair.Source.Uri} matches the tables to verify", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: check --tables", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }
}
