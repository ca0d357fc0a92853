using System.Diagnostics;
using System.Text;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Cli;

/// <summary>Runs the real executable as a child process, as a user or a script would.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PlaygroundCommandTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Playground_replicates_a_dataset_under_load_until_sigint_then_removes_its_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tandem-pg-{Guid.NewGuid().ToString("N")[..8]}");
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = StartTandem(["playground", "--dir", directory, "--rows", "5000", "--rate", "20"], output, ready);
        try
        {
            var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(ReadyTimeout));
            Assert.True(finished == ready.Task, $"no ready line; output so far:\n{Snapshot(output)}");

            var lines = Snapshot(output).Split('\n');
            foreach (var role in new[] { "source", "target" })
            {
                var line = lines.Single(l => l.StartsWith(role + " ", StringComparison.Ordinal));
                var uri = line[role.Length..].Trim();
                await using var connection = await MySqlConnection.OpenAsync(uri, CancellationToken.None);
                Assert.Equal(1L, Convert.ToInt64(await connection.QueryScalarAsync("SELECT 1", CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture));
            }

            Assert.Contains("can serve as a source", Snapshot(output), StringComparison.Ordinal);
            Assert.True(Directory.Exists(directory));

            // The playground's task copies the dataset and then streams the load's changes: once a status line says
            // rows were applied, every table has been copied whole (the load keeps row counts constant).
            var target = lines.Single(l => l.StartsWith("target ", StringComparison.Ordinal))["target".Length..].Trim();
            Assert.True(
                await Eventually.TrueWithinAsync(() => Snapshot(output).Split('\n').Any(l => l.Contains(" playground streaming ", StringComparison.Ordinal) && !l.Contains(" applied_rows=0 ", StringComparison.Ordinal)), ReadyTimeout),
                $"the playground never applied a streamed change; output:\n{Snapshot(output)}");
            // The task file names the servers' URIs, passwords included when they have one: only its owner may read it.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "playground-task.yaml")));
            await using (var connection = await MySqlConnection.OpenAsync(target, CancellationToken.None))
            {
                for (var table = 1; table <= 4; table++)
                    Assert.Equal(5000L, Convert.ToInt64(await connection.QueryScalarAsync($"SELECT COUNT(*) FROM sbtest.sbtest{table}", CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture));
            }

            await SignalAsync(process.Id, "INT");
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(StopTimeout));
            Assert.True(process.HasExited, $"still running {StopTimeout.TotalSeconds} s after SIGINT; output:\n{Snapshot(output)}");

            Assert.True(process.ExitCode == 0, Snapshot(output));
            Assert.False(Directory.Exists(directory), $"{directory} still exists; output:\n{Snapshot(output)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static Process StartTandem(string[] args, StringBuilder output, TaskCompletionSource ready)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tandem.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (output)
                output.AppendLine(e.Data);
            if (e.Data == "tandem playground: ready")
                ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (output)
                output.AppendLine("stderr: " + e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
