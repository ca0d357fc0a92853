using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cli;
using Tandem.Cli.Tail;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Text;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.IntegrationTests.Names;

/// <summary>
/// Log lines, error lines and tail's text lines built from <see cref="HostileNames"/>: each stays one line and carries
/// no character a terminal would act on, whatever the names hold. Pure logic, no server.
/// </summary>
public sealed class HostileOutputTests
{
    private const string Victim = "victim";

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in HostileNames.Tables(Victim).Concat([HostileNames.KeyColumn, HostileNames.ValueColumn, HostileNames.Database("x")]).Concat(HostileNames.Values(Victim)).Distinct(StringComparer.Ordinal))
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_log_line_naming_a_table_is_one_line(string name)
    {
        using var text = new StringWriter();
        var failure = new TandemException($"table {name} failed");
        var entry = new LogEntry<string>(LogLevel.Warning, "tandem.run", new EventId(3), $"applied DDL at bin.000001:4: CREATE TABLE `{name}` (a INT)", failure, static (s, _) => s);

        new EscapingConsoleFormatter().Write(entry, null, text);

        var line = text.ToString();
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        AssertOneSafeLine(line[..^1]);
        Assert.Matches(@"^\d\d:\d\d:\d\d warn: tandem\.run\[3\] applied DDL at bin\.000001:4: ", line);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task An_error_naming_a_table_is_one_message_line_and_one_hint_line(string name)
    {
        using var text = new StringWriter();

        await ErrorReport.WriteAsync(text, $"table {name} is gone", $"check {name}");

        var lines = text.ToString().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("tandem: table ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("hint: check ", lines[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[2]);
        AssertOneSafeLine(lines[0]);
        AssertOneSafeLine(lines[1]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_tail_text_line_is_one_line_whatever_the_table_columns_and_values_hold(string name)
    {
        var table = new TableSchema
        {
            Database = name,
            Name = name,
            Columns =
            [
                new ColumnSchema { Name = name, DataType = "int", ColumnType = "int" },
                new ColumnSchema { Name = "v", DataType = "varchar", ColumnType = "varchar(200)" },
            ],
        };

        var update = ChangeTextWriter.Format(new FixedTransaction(), new RowChange(table, ChangeKind.Update, [1L, name], [2L, name + "'"]));
        var ddl = ChangeTextWriter.Format(new FixedTransaction(), new DdlChange(name, $"CREATE TABLE `{name}` (a INT)"));

        AssertOneSafeLine(update);
        AssertOneSafeLine(ddl);
        Assert.StartsWith("bin.000001:4 - update ", update, StringComparison.Ordinal);
        Assert.Contains(" -> ", update, StringComparison.Ordinal);
    }

    private static void AssertOneSafeLine(string line)
    {
        Assert.DoesNotContain('\n', line);
        Assert.False(PrintableText.NeedsEscape(line), PrintableText.Escape(line));
    }

    private sealed class FixedTransaction : Transaction
    {
        [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
        public FixedTransaction()
        {
            Position = new BinlogPosition("bin.000001", 4, null);
            CommitTime = DateTimeOffset.UnixEpoch;
        }

        public override IAsyncEnumerable<Change> ReadChangesAsync(CancellationToken ct = default) => AsyncEnumerable.Empty<Change>();
    }
}
