using System.Text.Json;
using Tandem.Cli.Tail;
using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.IntegrationTests.Cli;

/// <summary>Edge values of the tail JSON contract that a server rarely produces.</summary>
public sealed class ChangeJsonWriterTests
{
    private static readonly TableSchema Table = new()
    {
        Database = "db",
        Name = "t",
        Columns =
        [
            new ColumnSchema { Name = "id", DataType = "int", ColumnType = "int" },
            new ColumnSchema { Name = "doc", DataType = "longtext", ColumnType = "longtext", IsJson = true },
        ],
    };

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("not json", "\"not json\"")]
    [InlineData("{\"a\": 1}", "{\"a\": 1}")]
    public void Json_columns_holding_text_that_is_not_json_stay_strings(string stored, string expected)
    {
        var line = new ChangeJsonWriter().Format(new FixedTransaction(), new RowChange(Table, ChangeKind.Insert, null, [1L, stored]));

        using var document = JsonDocument.Parse(line);
        Assert.Equal(expected, document.RootElement.GetProperty("after").GetProperty("doc").GetRawText());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("before").ValueKind);
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
