using Tandem.Core.Model;
using Tandem.IntegrationTests.Capture;
using Tandem.IntegrationTests.Fixtures;
using Oracle = MySqlConnector;
using TandemClient = Tandem.MySql.Protocol;

namespace Tandem.IntegrationTests.Fidelity;

/// <summary>
/// The fidelity table's rows as each reader saw them, in canonical text by reading, row id and column: MySqlConnector
/// over the text and the binary protocol, Tandem's client over both, and Tandem's binlog decoding of the rows inserted,
/// updated (both images) and deleted. Made once per server, since every comparison reads the same rows.
/// </summary>
internal sealed class FidelityReadings
{
    public const string OracleText = "MySqlConnector text protocol";
    public const string OracleBinary = "MySqlConnector binary protocol (prepared)";
    public const string TandemText = "Tandem client text protocol";
    public const string TandemPrepared = "Tandem client binary protocol (prepared)";
    public const string BinlogInsert = "Tandem binlog insert";
    public const string BinlogUpdateBefore = "Tandem binlog update, before image";
    public const string BinlogUpdateAfter = "Tandem binlog update, after image";
    public const string BinlogDelete = "Tandem binlog delete";

    /// <summary>The update moves every row by this much in id and changes nothing else, so both images hold every value.</summary>
    private const int UpdateIdShift = 1000;

    private static readonly Lock Gate = new();
    private static (MariaDbFixture Fixture, Task<FidelityReadings> Readings)? _made;

    private readonly Dictionary<string, Dictionary<int, Dictionary<string, string>>> _readings = new(StringComparer.Ordinal);

    private FidelityReadings()
    {
    }

    /// <summary>The server's data type plugins (information_schema.PLUGINS, PLUGIN_TYPE 'DATA TYPE'), lower case.</summary>
    public IReadOnlyList<string> DataTypePlugins { get; private set; } = [];

    /// <summary>The value of <paramref name="column"/> in row <paramref name="id"/> as <paramref name="reading"/> saw it.</summary>
    public string Value(string reading, int id, string column) =>
        _readings.TryGetValue(reading, out var rows) && rows.TryGetValue(id, out var row) && row.TryGetValue(column, out var value)
            ? value
            : $"<no row {id} in the {reading}>";

    /// <summary>The readings of the fidelity table on this server, made by the first test that asks; a failure fails every test.</summary>
    public static Task<FidelityReadings> OfAsync(MariaDbFixture fixture)
    {
        lock (Gate)
        {
            if (_made is not { } made || !ReferenceEquals(made.Fixture, fixture))
            {
                made = (fixture, MakeAsync(fixture));
                _made = made;
            }

            return made.Readings;
        }
    }

    private static async Task<FidelityReadings> MakeAsync(MariaDbFixture fixture)
    {
        var readings = new FidelityReadings();
        await readings.ReadAsync(fixture);
        return readings;
    }

    private async Task ReadAsync(MariaDbFixture fixture)
    {
        var database = await fixture.CreateDatabaseAsync("fidelity");
        var uri = $"{fixture.Server.Uri}/{database}";
        await using var tandem = await TandemClient.MySqlConnection.OpenAsync(uri);
        await tandem.ExecuteAsync("SET SESSION sql_mode = '', time_zone = '+00:00'");
        await tandem.ExecuteAsync(FidelityTable.CreateTable);
        var start = await CaptureRun.CurrentPositionAsync(uri);
        for (var id = 1; id <= FidelityTable.RowCount; id++)
            await tandem.ExecuteAsync(FidelityTable.Insert(id));

        var select = $"SELECT id, {FidelityTable.ColumnList} FROM {FidelityTable.Name} ORDER BY id";
        await using (var oracle = new Oracle.MySqlConnection(OracleConnectionString(fixture, database)))
        {
            await oracle.OpenAsync();
            await using (var zone = new Oracle.MySqlCommand("SET SESSION time_zone = '+00:00'", oracle))
                await zone.ExecuteNonQueryAsync();
            _readings[OracleText] = await ReadOracleAsync(oracle, select, prepare: false);
            _readings[OracleBinary] = await ReadOracleAsync(oracle, select, prepare: true);
            DataTypePlugins = await ReadDataTypePluginsAsync(oracle);
        }

        await using (var reader = await tandem.QueryAsync(select))
            _readings[TandemText] = await ReadTandemAsync(reader);
        await using (var statement = await tandem.PrepareAsync(select))
        await using (var reader = await statement.ExecuteQueryAsync())
            _readings[TandemPrepared] = await ReadTandemAsync(reader);

        await tandem.ExecuteAsync($"UPDATE {FidelityTable.Name} SET id = id + {UpdateIdShift} ORDER BY id DESC");
        await tandem.ExecuteAsync($"DELETE FROM {FidelityTable.Name}");
        var changes = await CaptureRun.CollectAsync(CaptureRun.Options(uri, database, start), 3 * FidelityTable.RowCount, TimeSpan.FromMinutes(2));
        foreach (var name in new[] { BinlogInsert, BinlogUpdateBefore, BinlogUpdateAfter, BinlogDelete })
            _readings[name] = [];
        foreach (var change in changes.Select(c => c.Row))
        {
            switch (change.Kind)
            {
                case ChangeKind.Insert:
                    AddBinlogRow(BinlogInsert, change.Table, change.After!, 0);
                    break;
                case ChangeKind.Update:
                    AddBinlogRow(BinlogUpdateBefore, change.Table, change.Before!, 0);
                    AddBinlogRow(BinlogUpdateAfter, change.Table, change.After!, UpdateIdShift);
                    break;
                case ChangeKind.Delete:
                    AddBinlogRow(BinlogDelete, change.Table, change.Before!, UpdateIdShift);
                    break;
            }
        }
    }

    /// <summary>
    /// Zero and partial-zero dates read as MySqlConnector.MySqlDateTime (AllowZeroDateTime, and ConvertZeroDateTime off
    /// so they are not turned into DateTime.MinValue); TINYINT(1) as a number, not a bool; CHAR(36) and BINARY(16) as
    /// what they hold, not Guids.
    /// </summary>
    private static string OracleConnectionString(MariaDbFixture fixture, string database) => new Oracle.MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)fixture.Server.Port,
        UserID = "root",
        Database = database,
        AllowZeroDateTime = true,
        ConvertZeroDateTime = false,
        TreatTinyAsBoolean = false,
        GuidFormat = Oracle.MySqlGuidFormat.None,
        IgnorePrepare = false,
        Pooling = false,
    }.ConnectionString;

    private static async Task<Dictionary<int, Dictionary<string, string>>> ReadOracleAsync(Oracle.MySqlConnection connection, string select, bool prepare)
    {
        var rows = new Dictionary<int, Dictionary<string, string>>();
        await using var command = new Oracle.MySqlCommand(select, connection);
        if (prepare)
            await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in FidelityTable.Columns)
            {
                var ordinal = reader.GetOrdinal(column.Name);
                object? value;
                try
                {
                    value = reader.IsDBNull(ordinal) ? null
                        : column.Kind == ValueKind.Decimal ? reader.GetMySqlDecimal(ordinal)
                        : reader.GetValue(ordinal);
                }
                catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or InvalidOperationException)
                {
                    value = $"<MySqlConnector could not read it: {ex.GetType().Name}: {ex.Message}>";
                }

                row[column.Name] = CanonicalValue.OfOracle(column.Kind, value);
            }

            rows[reader.GetInt32(0)] = row;
        }

        return rows;
    }

    private static async Task<Dictionary<int, Dictionary<string, string>>> ReadTandemAsync(TandemClient.MySqlDataReader reader)
    {
        var rows = new Dictionary<int, Dictionary<string, string>>();
        var ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(i => reader.Columns[i].Name, StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in FidelityTable.Columns)
            {
                object? value;
                try
                {
                    value = reader.GetValue(ordinals[column.Name]);
                }
                catch (Exception ex) when (ex is TandemClient.MySqlException or FormatException or InvalidCastException)
                {
                    value = $"<Tandem could not read it: {ex.GetType().Name}: {ex.Message}>";
                }

                row[column.Name] = CanonicalValue.OfTandem(column.Kind, value);
            }

            rows[Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = row;
        }

        return rows;
    }

    private static async Task<IReadOnlyList<string>> ReadDataTypePluginsAsync(Oracle.MySqlConnection connection)
    {
        var plugins = new List<string>();
        await using var command = new Oracle.MySqlCommand(
            "SELECT PLUGIN_NAME FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'DATA TYPE' AND PLUGIN_STATUS = 'ACTIVE'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plugins.Add(reader.GetString(0).ToLowerInvariant());
        return plugins;
    }

    private void AddBinlogRow(string reading, TableSchema table, object?[] values, int idShift)
    {
        var byName = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
            byName[table.Columns[i].Name] = values[i];
        var id = Convert.ToInt32(byName["id"], System.Globalization.CultureInfo.InvariantCulture) - idShift;
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in FidelityTable.Columns)
            row[column.Name] = byName.TryGetValue(column.Name, out var value) ? CanonicalValue.OfTandem(column.Kind, value) : "<not in the row image>";
        _readings[reading][id] = row;
    }
}
