using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Fidelity;

/// <summary>
/// Every column type's edge values as MySqlConnector 3.0, an independent and widely used client, reads them, against
/// what Tandem's client and binlog decoding make of the same rows, value by value in one exact text per type
/// (<see cref="CanonicalValue"/>). Each protocol is compared with its own: Tandem's text reads with MySqlConnector's text
/// reads, since the server formats a value as text the same way for both; Tandem's prepared reads and its binlog
/// decoding with MySqlConnector's binary reads, which carry the stored bits of FLOAT and DOUBLE.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class OracleFidelityTests(MariaDbFixture db)
{
    public static TheoryData<string> ClientColumns => Names([]);

    public static TheoryData<string> BinlogColumns => Names([]);

    [Theory]
    [MemberData(nameof(ClientColumns))]
    public async Task Tandem_client_reads_every_value_as_MySqlConnector_does(string column)
    {
        var readings = await FidelityReadings.OfAsync(db);
        AssertSame(
            readings,
            column,
            (FidelityReadings.OracleText, FidelityReadings.TandemText),
            (FidelityReadings.OracleBinary, FidelityReadings.TandemPrepared));
    }

    [Theory]
    [MemberData(nameof(BinlogColumns))]
    public async Task Binlog_decoding_gives_every_value_as_MySqlConnector_reads_it(string column)
    {
        var readings = await FidelityReadings.OfAsync(db);
        AssertSame(
            readings,
            column,
            (FidelityReadings.OracleBinary, FidelityReadings.BinlogInsert),
            (FidelityReadings.OracleBinary, FidelityReadings.BinlogUpdateBefore),
            (FidelityReadings.OracleBinary, FidelityReadings.BinlogUpdateAfter),
            (FidelityReadings.OracleBinary, FidelityReadings.BinlogDelete));
    }

    [Fact]
    public async Task The_table_has_a_column_of_every_data_type_plugin_the_server_has()
    {
        var readings = await FidelityReadings.OfAsync(db);
        Assert.NotEmpty(readings.DataTypePlugins);
        var types = FidelityTable.Columns.Select(c => c.Type.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        Assert.All(readings.DataTypePlugins, plugin => Assert.Contains(plugin, types));
    }

    /// <summary>Fails with every row where a Tandem reading differs from the oracle's reading it is paired with.</summary>
    private static void AssertSame(FidelityReadings readings, string column, params (string Oracle, string Tandem)[] pairs)
    {
        var kind = FidelityTable.Column(column).Kind;
        var differences = new List<string>();
        foreach (var (oracle, reading) in pairs)
        {
            for (var id = 1; id <= FidelityTable.RowCount; id++)
            {
                var expected = readings.Value(oracle, id, column);
                Assert.DoesNotContain("could not read", expected, StringComparison.Ordinal);
                var actual = readings.Value(reading, id, column);
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                    differences.Add($"row {id}: {oracle} gives {expected}\n       {reading} gives {actual}");
            }
        }

        Assert.True(differences.Count == 0, $"{column} ({FidelityTable.Column(column).Type}, compared as {kind}):\n{string.Join('\n', differences)}");
    }

    private static TheoryData<string> Names(string[] pending)
    {
        var data = new TheoryData<string>();
        foreach (var column in FidelityTable.Columns.Where(c => !pending.Contains(c.Name)))
            data.Add(column.Name);
        return data;
    }
}
