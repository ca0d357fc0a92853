using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tandem.Core.Verify;

namespace Tandem.Cli.Verify;

/// <summary>
/// Shows a verification's progress: a Spectre progress bar (rows compared of the estimate, rate, time left) when a
/// person watches a terminal, otherwise a status line on stderr every few seconds, so stdout keeps only the report.
/// </summary>
internal static class VerifyProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliEnvironment environment, bool interactive, TimeSpan interval, Func<IVerifyProgress, Task<T>> body)
    {
        if (interactive)
        {
            return await environment.CreateConsole().Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(context => body(new BarProgress(context)));
        }

        var lines = new LineProgress(environment.Stderr, interval);
        try
        {
            return await body(lines);
        }
        finally
        {
            lines.Stop();
        }
    }

    private sealed class BarProgress(ProgressContext context) : IVerifyProgress
    {
        private ProgressTask? _task;
        private int _tables;
        private int _finished;

        public void Planned(long estimatedRows, int tables)
        {
            _tables = tables;
            _task = context.AddTask($"verify 0/{tables} tables", maxValue: Math.Max(1, estimatedRows));
        }

        public void Advanced(string table, long rows) => _task?.Increment(rows);

        public void TableFinished(TableResult result)
        {
            var finished = Interlocked.Increment(ref _finished);
            if (_task is not null)
                _task.Description = $"verify {finished}/{_tables} tables";
        }
    }

    private sealed class LineProgress : IVerifyProgress
    {
        private readonly TextWriter _output;
        private readonly Timer _timer;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _estimated;
        private long _rows;
        private int _tables;
        private int _finished;

        public LineProgress(TextWriter output, TimeSpan interval)
        {
            _output = output;
            _timer = new Timer(_ => Print(), null, interval, interval);
        }

        public void Planned(long estimatedRows, int tables)
        {
            _estimated = estimatedRows;
            _tables = tables;
        }

        public void Advanced(string table, long rows) => Interlocked.Add(ref _rows, rows);

        public void TableFinished(TableResult result) => Interlocked.Increment(ref _finished);

        private void Print()
        {
            var rows = Interlocked.Read(ref _rows);
            var rate = rows / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var percent = _estimated > 0 ? $" ({Math.Min(100, 100.0 * rows / _estimated):0}% of ~{_estimated:N0})" : string.Empty;
            lock (_output)
            {
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"tandem verify: {rows:N0} rows{percent}, {Volatile.Read(ref _finished)}/{_tables} tables, {rate:N0} rows/s"));
            }
        }

        public void Stop() => _timer.Dispose();
    }
}
