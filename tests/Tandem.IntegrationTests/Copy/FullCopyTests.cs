using System.Globalization;
using Tandem.Core.Tasks;
using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Snapshot;

namespace Tandem.IntegrationTests.Copy;

/// <summary>The full copy against a real MariaDB: a source database copied into a target database on the same server.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class FullCopyTests(MariaDbFixture fixture)
{
    [Theory]
    [InlineData(CopyWriteMethod.Insert)]
    [InlineData(CopyWriteMethod.LoadData)]
    internal async Task Every_column_type_is_copied_exactly(CopyWriteMethod method)
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_types");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync("SET time_zone = '+00:00', sql_mode = ''");
            await c.ExecuteAsync($"""
                CREATE TABLE `{run.Source}`.every (
                  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, bi BIGINT, bu BIGINT UNSIGNED,
                  de DECIMAL(65,30), du DECIMAL(10,2) UNSIGNED, fl FLOAT, db DOUBLE,
                  b1 BIT(1), b64 BIT(64), yr YEAR,
                  d DATE, t TIME(6), dt DATETIME(6), ts TIMESTAMP(6) NULL,
                  c CHAR(10), vc VARCHAR(200), lat VARCHAR(50) CHARACTER SET latin1, tx TEXT, lt LONGTEXT,
                  bn BINARY(4), vb VARBINARY(300), bl BLOB,
                  en ENUM('a','b','c d'), st SET('x','y','z'), js JSON,
                  g GEOMETRY, pt POINT, i4 INET4, i6 INET6, u UUID,
                  gen INT AS (ti + 1) VIRTUAL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
                """);
            var json = "'{\"k\": [1, 2.5, \"s\\\\u00e9\"], \"n\": null}'";
            await c.ExecuteAsync($"""
                INSERT INTO `{run.Source}`.every (id, ti, tu, si, mi, bi, bu, de, du, fl, db, b1, b64, yr, d, t, dt, ts, c, vc, lat, tx, lt, bn, vb, bl, en, st, js, g, pt, i4, i6, u) VALUES
                (0, -128, 255, -32768, -8388608, -9223372036854775808, 18446744073709551615,
                 '-12345678901234567890123456789012345.123456789012345678901234567890', 99999999.99, 3.40282e38, -1.7976931348623157e308,
                 b'1', b'1111111111111111111111111111111111111111111111111111111111111111', 2155,
                 '0000-00-00', '-838:59:59.000000', '0000-00-00 00:00:00.000000', '1970-01-01 00:00:01.000000',
                 'a', 'emoji 😀 \'quote\' \\back\\slash', 'café', 'line1\nline2\ttab\r\0nul', REPEAT('long ', 1000),
                 X'00010203', X'00FF5C27220A0D091A', X'DEADBEEF00',
                 'c d', 'x,z', {json},
                 ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))'), ST_GeomFromText('POINT(1.5 -2.25)'),
                 '255.255.255.255', '::ffff:1.2.3.4', '6ccd780c-baba-1026-9564-5b8c656024db'),
                (NULL, 127, 0, 32767, 8388607, 9223372036854775807, 0,
                 '0.000000000000000000000000000001', 0.00, 1.17549e-38, 2.2250738585072014e-308,
                 b'0', b'0', 1901,
                 '9999-12-31', '838:59:59.999999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999',
                 '', '', '', '', '',
                 X'', X'', X'',
                 'a', '', '[]',
                 ST_GeomFromText('LINESTRING(0 0,1 1)'), ST_GeomFromText('POINT(0 0)'),
                 '0.0.0.0', '::', '00000000-0000-0000-0000-000000000000'),
                (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
                """);
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.every (fl, db, vc) VALUES (0.1, 0.1, 'x'), (-0.0, 1e-300, 'y'), (123456.7, 0.30000000000000004, 'z')");
        }

        var result = await run.RunAsync(o => o with { WriteMethod = method });

        Assert.Equal(6, result.RowsCopied);
        await run.AssertSameAsync("every", "id");
    }

    [Theory]
    [InlineData(CopyWriteMethod.Insert)]
    [InlineData(CopyWriteMethod.LoadData)]
    internal async Task Inet4_inet6_and_uuid_keys_and_values_are_copied_exactly_across_small_chunks(CopyWriteMethod method)
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_plugins");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"USE `{run.Source}`");
            await c.ExecuteAsync(Capture.PluginTypeRows.CreateTable);
            await c.ExecuteAsync($"INSERT INTO plugins VALUES {string.Join(", ", Capture.PluginTypeRows.Rows())}");
        }

        // Two rows a chunk: every bound is a UUID, whose index order (byte-swapped for v1 UUIDs) is not its text order.
        var result = await run.RunAsync(o => o with { WriteMethod = method, ChunkRows = 2, Threads = 3 });

        Assert.Equal(Capture.PluginTypeRows.Uuids.Length, result.RowsCopied);
        await run.AssertSameAsync("plugins", "u");
        await using var meta = await run.OpenAsync();
        var chunks = Convert.ToInt64(await meta.QueryScalarAsync($"SELECT COUNT(*) FROM tandem_meta.copy_chunk WHERE task = '{run.Task}' AND tbl = 'plugins'"), CultureInfo.InvariantCulture);
        Assert.Equal(Capture.PluginTypeRows.Uuids.Length / 2 + 1, chunks);
    }

    [Fact]
    public async Task Composite_and_string_keys_are_copied_across_many_small_chunks()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_keys");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"""
                CREATE TABLE `{run.Source}`.composite (
                  vb VARBINARY(20) NOT NULL, de DECIMAL(20,6) NOT NULL, dt DATETIME(6) NOT NULL, s VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
                  v INT, PRIMARY KEY (vb, de, dt, s)) ENGINE=InnoDB
                """);
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.strkey (s VARCHAR(40) CHARACTER SET latin1 NOT NULL PRIMARY KEY, v INT) ENGINE=InnoDB");
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.ukey (a INT NULL, b VARCHAR(10) NOT NULL, e ENUM('z','a','m') NOT NULL, UNIQUE KEY (e, b), KEY (a)) ENGINE=InnoDB");
            var values = new List<string>();
            for (var i = 0; i < 700; i++)
            {
                var vb = (i % 7) switch { 0 => "X''", 1 => "X'00'", 2 => "X'FF'", 3 => "X'5C27'", _ => $"X'{i % 5:X2}{i % 3:X2}'" };
                values.Add(string.Create(CultureInfo.InvariantCulture,
                    $"({vb}, {(i % 11) - 5}.{i % 1000:D6}, '2024-01-0{1 + (i % 3)} 10:00:00.{i % 13:D6}', '{(i % 2 == 0 ? "É" : "e")}😀{i}', {i})"));
            }

            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.composite VALUES {string.Join(",", values)}");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.strkey SELECT CONCAT(CHAR(65 + seq % 26), 'caf\xE9 ', seq), seq FROM `{run.Source}`.seq_1_to_500");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.ukey SELECT IF(seq % 3 = 0, NULL, seq), CONCAT('k', seq), 1 + seq % 3 FROM `{run.Source}`.seq_1_to_300");
        }

        var result = await run.RunAsync(o => o with { ChunkRows = 7, Threads = 3 });

        Assert.Equal(1500, result.RowsCopied);
        await run.AssertSameAsync("composite", "vb, de, dt, s");
        await run.AssertSameAsync("strkey", "s");
        await run.AssertSameAsync("ukey", "e, b");
        await using var meta = await run.OpenAsync();
        var chunks = Convert.ToInt64(await meta.QueryScalarAsync($"SELECT COUNT(*) FROM tandem_meta.copy_chunk WHERE task = '{run.Task}' AND tbl = 'composite'"), CultureInfo.InvariantCulture);
        Assert.Equal(700 / 7 + 1, chunks);
    }

    [Fact]
    public async Task A_cancelled_copy_resumes_without_rewriting_finished_chunks()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_resume");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.big (id INT PRIMARY KEY, k INT NOT NULL, pad CHAR(120) NOT NULL, KEY (k)) ENGINE=InnoDB");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.big SELECT seq, seq % 1000, REPEAT(CHAR(97 + seq % 26), 100) FROM `{run.Source}`.seq_1_to_30000");
        }

        using var cancel = new CancellationTokenSource();
        var copy = run.RunAsync(o => o with { ChunkRows = 500 }, cancel.Token);
        var metrics = run.Metrics;
        Assert.True(await Eventually.TrueWithinAsync(() => metrics.CopyRowsDone >= 3000 || copy.IsCompleted, TimeSpan.FromSeconds(60)));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);

        Dictionary<int, string> doneBefore;
        await using (var meta = await run.OpenAsync())
        {
            doneBefore = await DoneChunksAsync(meta, run.Task);
        }

        Assert.NotEmpty(doneBefore);
        Assert.True(doneBefore.Count < 61, "the copy finished before it was cancelled");

        await using (var c = await run.OpenAsync())
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.big VALUES (40000, 1, 'after the cancel')");
        var result = await run.RunAsync(o => o with { ChunkRows = 500 });

        await run.AssertSameAsync("big", "id");
        await using (var meta = await run.OpenAsync())
        {
            var doneAfter = await DoneChunksAsync(meta, run.Task);
            Assert.Equal(61, doneAfter.Count);
            foreach (var (chunk, stamp) in doneBefore)
                Assert.Equal(stamp, doneAfter[chunk]);
            var earliest = await meta.QueryScalarAsync(
                $"SELECT CONCAT(snapshot_file, ':', snapshot_offset) FROM tandem_meta.copy_chunk WHERE task = '{run.Task}' ORDER BY snapshot_file, snapshot_offset LIMIT 1");
            Assert.Equal(earliest, result.StreamStart.ToString());
        }

        Assert.Equal(30001 - doneBefore.Count * 500, result.RowsCopied);

        // Once every chunk is done, a further run copies nothing and reports the same start.
        var again = await run.RunAsync(o => o with { ChunkRows = 500 });
        Assert.Equal(0, again.RowsCopied);
        Assert.Equal(result.StreamStart, again.StreamStart);
    }

    [Fact]
    public async Task Rows_committed_during_the_copy_are_copied_exactly_up_to_the_stream_start()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_concurrent");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.live (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.live (v) SELECT 'initial' FROM `{run.Source}`.seq_1_to_5000");
        }

        // Each insert's GTID sequence number: the rows the copy holds must be exactly those at or before its start.
        var committed = new List<(long Id, long Sequence)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var w = await run.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                var result = await w.ExecuteAsync($"INSERT INTO `{run.Source}`.live (v) VALUES ('during')");
                var gtid = (string)(await w.QueryScalarAsync("SELECT @@last_gtid"))!;
                lock (committed)
                    committed.Add(((long)result.LastInsertId, long.Parse(gtid[(gtid.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)));
            }
        });
        Assert.True(await Eventually.TrueWithinAsync(() => { lock (committed) return committed.Count >= 20; }, TimeSpan.FromSeconds(30)));

        var copy = await run.RunAsync(o => o with { ChunkRows = 300, Threads = 3 });
        await stop.CancelAsync();
        await writer;

        var startSequence = long.Parse(copy.StreamStart.Gtids![(copy.StreamStart.Gtids!.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
        HashSet<long> expected;
        lock (committed)
            expected = [.. Enumerable.Range(1, 5000).Select(static i => (long)i).Concat(committed.Where(c => c.Sequence <= startSequence).Select(static c => c.Id))];
        Assert.Contains(committed, c => c.Sequence > startSequence);
        var copied = (await run.RowsAsync(run.Target, "live", "id")).Select(static r => Convert.ToInt64(r.Split('|')[0], 16)).ToHashSet();
        Assert.Equal(expected.Order(), copied.Order());
    }

    [Fact]
    public async Task Tables_without_a_key_are_refused_naming_every_one_unless_full_row_match()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_keyless");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.heap1 (a INT, b TEXT)");
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.heap2 (a INT NULL, UNIQUE KEY (a))");
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.keyed (a INT PRIMARY KEY)");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.heap1 VALUES (1, 'x'), (1, 'x'), (NULL, NULL)");
        }

        var error = await Assert.ThrowsAsync<KeylessTablesException>(() => run.RunAsync());
        Assert.Contains($"{run.Source}.heap1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{run.Source}.heap2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("keyed", error.Message, StringComparison.Ordinal);
        Assert.Contains("full_row_match: true", error.Hint, StringComparison.Ordinal);

        await run.RunAsync(o => o with { AllowFullRowMatch = true });
        await run.AssertSameAsync("heap1", "a, b");
    }

    [Fact]
    public async Task A_target_table_with_rows_is_refused_unless_the_task_says_truncate_or_append()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_existing");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.t (id INT PRIMARY KEY, v VARCHAR(10))");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.t VALUES (1, 'source'), (2, 'source')");
            await c.ExecuteAsync($"CREATE DATABASE `{run.Target}`");
            await c.ExecuteAsync($"CREATE TABLE `{run.Target}`.t (id INT PRIMARY KEY, v VARCHAR(10))");
            await c.ExecuteAsync($"INSERT INTO `{run.Target}`.t VALUES (2, 'target'), (3, 'target')");
        }

        var error = await Assert.ThrowsAsync<ExistingTargetTablesException>(() => run.RunAsync());
        Assert.Contains($"{run.Target}.t", error.Message, StringComparison.Ordinal);
        Assert.Contains("existing_tables: truncate", error.Hint, StringComparison.Ordinal);

        await run.RunAsync(o => o with { ExistingTables = ExistingTablePolicy.Append });
        Assert.Equal(["1|736F75726365", "2|736F75726365", "3|746172676574"], await run.RowsAsync(run.Target, "t", "id"));
    }

    [Fact]
    public async Task The_locked_path_copies_at_the_position_it_read_under_the_lock()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_locked");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.t (id INT PRIMARY KEY, v VARCHAR(10))");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.t SELECT seq, 'v' FROM `{run.Source}`.seq_1_to_1000");
        }

        var (before, gtid) = await PrepareIdleAsync(run);
        var result = await run.RunAsync(o => o with { Locking = SnapshotLocking.Always, WriteTargetBinlog = false, ChunkRows = 100 });

        Assert.Equal(before, result.StreamStart.ToString());
        Assert.Equal(gtid, result.StreamStart.Gtids);
        await run.AssertSameAsync("t", "id");
    }

    [Fact]
    public async Task On_an_idle_source_the_stream_starts_at_the_current_binlog_position()
    {
        var run = await CopyRun.CreateAsync(fixture, "copy_idle");
        await using (var c = await run.OpenAsync())
        {
            await c.ExecuteAsync($"CREATE TABLE `{run.Source}`.t (id INT PRIMARY KEY, v VARCHAR(10))");
            await c.ExecuteAsync($"INSERT INTO `{run.Source}`.t SELECT seq, 'v' FROM `{run.Source}`.seq_1_to_1000");
        }

        var (before, gtid) = await PrepareIdleAsync(run);
        var result = await run.RunAsync(o => o with { WriteTargetBinlog = false, Locking = SnapshotLocking.Never, Threads = 4 });

        Assert.Equal(before, result.StreamStart.ToString());
        Assert.Equal(gtid, result.StreamStart.Gtids);
        await run.AssertSameAsync("t", "id");
    }

    /// <summary>Creates what the copy would create on the target, so that (with the target binlog off) it writes nothing to the binlog; returns SHOW MASTER STATUS.</summary>
    private static async Task<(string Position, string Gtid)> PrepareIdleAsync(CopyRun run)
    {
        await using var c = await run.OpenAsync();
        await Tandem.MySql.Meta.TaskStateStore.EnsureSchemaAsync(c, CancellationToken.None);
        await c.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS `{run.Target}`");
        await c.ExecuteAsync($"CREATE TABLE `{run.Target}`.t LIKE `{run.Source}`.t");
        await using var reader = await c.QueryAsync("SHOW MASTER STATUS");
        await reader.ReadAsync();
        var position = $"{reader.GetString(0)}:{reader.GetValue(1)}";
        await reader.DisposeAsync();
        var gtid = (string)(await c.QueryScalarAsync("SELECT @@gtid_binlog_pos"))!;
        return (position, gtid);
    }

    private static async Task<Dictionary<int, string>> DoneChunksAsync(Tandem.MySql.Protocol.MySqlConnection meta, string task)
    {
        var done = new Dictionary<int, string>();
        await using var reader = await meta.QueryAsync(
            $"SELECT chunk, CONCAT(rows_copied, '@', updated_at) FROM tandem_meta.copy_chunk WHERE task = '{task}' AND state = 'done'");
        while (await reader.ReadAsync())
            done[(int)reader.GetInt64(0)] = reader.GetString(1)!;
        return done;
    }
}
