using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Payloads;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>
/// End to end through a socket: after a clean login the fake answers a query with damaged result-set traffic
/// (altered payloads, dropped or repeated packets, wrong sequence ids, a stream cut short) and closes.
/// The client must end in a MySqlException within a few seconds, never hang or throw anything else.
/// </summary>
public sealed class ResultSetStreamFuzzTests
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Damaged_result_set_traffic_ends_in_a_mysql_exception_or_a_result_never_a_hang()
    {
        byte[] answer = [];
        await using var server = FakeMySqlServer.Start(async c =>
        {
            await c.AcceptLoginAndReadCommandAsync(FakeGreeting.MySql());
            await c.WriteRawAsync(Volatile.Read(ref answer));
        });

        var outcomes = new Dictionary<string, int>();
        var property = Prop.ForAll(Cases.ToArbitrary(), ((bool DeprecateEof, byte[] Wire) fuzzCase) =>
        {
            Volatile.Write(ref answer, fuzzCase.Wire);
            var uri = server.Uri("pw", fuzzCase.DeprecateEof ? string.Empty : "deprecate-eof=false");
            var outcome = RunClientAsync(uri, fuzzCase.Wire, prepared: false).GetAwaiter().GetResult();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);

        // The cases must reach both ends: some results read to completion, some rejected as malformed.
        Assert.True(outcomes.GetValueOrDefault("ok") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(MySqlProtocolException)) > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public async Task Damaged_binary_result_of_a_prepared_statement_ends_in_a_mysql_exception_or_a_result()
    {
        byte[] answer = [];
        await using var server = FakeMySqlServer.Start(async c =>
        {
            var handshake = await c.GreetAsync(FakeGreeting.MySql());
            await c.WritePayloadAsync(FakePackets.Ok());
            await c.ReadCommandAsync();
            await c.WritePayloadAsync([0x00, 1, 0, 0, 0, (byte)BinaryColumns.Length, 0, 0, 0, 0, 0, 0]);
            foreach (var (name, type) in BinaryColumns)
            {
                await c.WritePayloadAsync(FakePackets.Column(name, type, decimals: 6));
            }

            if (!handshake.Capabilities.HasFlag(CapabilityFlags.DeprecateEof))
            {
                await c.WritePayloadAsync(FakePackets.Eof());
            }

            await c.ReadCommandAsync();
            await c.WriteRawAsync(Volatile.Read(ref answer));
        });

        var outcomes = new Dictionary<string, int>();
        var property = Prop.ForAll(BinaryCases.ToArbitrary(), ((bool DeprecateEof, byte[] Wire) fuzzCase) =>
        {
            Volatile.Write(ref answer, fuzzCase.Wire);
            var uri = server.Uri("pw", fuzzCase.DeprecateEof ? string.Empty : "deprecate-eof=false");
            var outcome = RunClientAsync(uri, fuzzCase.Wire, prepared: true).GetAwaiter().GetResult();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(250), property);

        Assert.True(outcomes.GetValueOrDefault("ok") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(MySqlProtocolException)) > 0, string.Join(", ", outcomes));
    }

    private static readonly (string Name, ColumnType Type)[] BinaryColumns =
    [
        ("id", ColumnType.LongLong), ("name", ColumnType.VarString), ("at", ColumnType.DateTime), ("span", ColumnType.Time),
        ("amount", ColumnType.NewDecimal), ("ratio", ColumnType.Double), ("tiny", ColumnType.Tiny),
    ];

    private static Gen<(bool DeprecateEof, byte[] Wire)> BinaryCases { get; } =
        from deprecateEof in Gen.Elements(true, false)
        from packets in Gen.Elements(BinaryTemplates(deprecateEof))
        from damaged in Damage(packets)
        from wire in Frame(damaged)
        select (deprecateEof, wire);

    /// <summary>Valid answers to COM_STMT_EXECUTE for <see cref="BinaryColumns"/>: binary rows of 0x00, a NULL bitmap offset by 2, then values.</summary>
    private static List<byte[]>[] BinaryTemplates(bool deprecateEof)
    {
        var packets = new List<byte[]> { FakePackets.ColumnCount(BinaryColumns.Length) };
        packets.AddRange(BinaryColumns.Select(c => FakePackets.Column(c.Name, c.Type, decimals: 6)));
        if (!deprecateEof)
        {
            packets.Add(FakePackets.Eof());
        }

        packets.Add(
        [
            0x00, 0x00, 0x00,
            .. BitConverter.GetBytes(-5L),
            3, .. "abc"u8.ToArray(),
            11, 0xE8, 0x07, 2, 29, 23, 59, 59, 0x3F, 0x42, 0x0F, 0,
            12, 1, 34, 0, 0, 0, 22, 59, 59, 1, 0, 0, 0,
            4, .. "1.50"u8.ToArray(),
            .. BitConverter.GetBytes(2.5),
            0x80,
        ]);
        packets.Add([0x00, 0b1111_1100, 0b0000_0001]); // every column NULL
        packets.Add(deprecateEof ? FakePackets.EndOfRowsOk() : FakePackets.Eof());
        return [packets, [FakePackets.Error(1210, "HY000", "Incorrect arguments to EXECUTE")], [FakePackets.Ok(affectedRows: 1)]];
    }

    private static async Task<string> RunClientAsync(string uri, byte[] wire, bool prepared = false)
    {
        var run = Task.Run(async () =>
        {
            await using var connection = await MySqlConnection.OpenAsync(uri);
            try
            {
                MySqlPreparedStatement? statement = prepared ? await connection.PrepareAsync("SELECT fuzz") : null;
                await using var reader = statement is null ? await connection.QueryAsync("SELECT fuzz") : await statement.ExecuteQueryAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            try
                            {
                                _ = reader.GetValue(i);
                            }
                            catch (MySqlProtocolException)
                            {
                                // A malformed value leaves the packet stream in step; reading goes on.
                            }
                        }
                    }
                }
                while (await reader.NextResultAsync());
            }
            catch (MySqlProtocolException)
            {
                // The stream is out of step after malformed packets: the next command must not run on it.
                Assert.True(connection.Session.IsBroken, "a protocol error while reading left the connection usable");
                throw;
            }
        });

        try
        {
            await run.WaitAsync(CaseLimit);
            return "ok";
        }
        catch (MySqlException ex)
        {
            return ex.GetType().Name;
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"the client hung for {CaseLimit.TotalSeconds} s on server bytes {Convert.ToHexString(wire)}");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"the client threw {ex.GetType().Name} on server bytes {Convert.ToHexString(wire)}: {ex.Message}", ex);
        }
    }

    private static Gen<(bool DeprecateEof, byte[] Wire)> Cases { get; } =
        from clientDeprecateEof in Gen.Elements(true, false)
        from serverDeprecateEof in Gen.Frequency((4, Gen.Constant(clientDeprecateEof)), (1, Gen.Elements(true, false)))
        from packets in Gen.Elements(Templates(serverDeprecateEof))
        from damaged in Damage(packets)
        from wire in Frame(damaged)
        select (clientDeprecateEof, wire);

    /// <summary>Valid answers to COM_QUERY, as payloads, for one result-set terminator style.</summary>
    private static List<byte[]>[] Templates(bool deprecateEof)
    {
        byte[] End(ServerStatus status = ServerStatus.AutoCommit) => deprecateEof ? FakePackets.EndOfRowsOk(status) : FakePackets.Eof(status);

        List<byte[]> ResultSet(ServerStatus endStatus, params (string Name, ColumnType Type, string?[] Values)[] columns)
        {
            var packets = new List<byte[]> { FakePackets.ColumnCount(columns.Length) };
            packets.AddRange(columns.Select(c => FakePackets.Column(c.Name, c.Type, decimals: c.Type is ColumnType.DateTime or ColumnType.Time ? (byte)6 : (byte)0)));
            if (!deprecateEof)
            {
                packets.Add(FakePackets.Eof());
            }

            var rowCount = columns.Length == 0 ? 0 : columns[0].Values.Length;
            for (var r = 0; r < rowCount; r++)
            {
                packets.Add(FakePackets.TextRow(columns.Select(c => c.Values[r]).ToArray()));
            }

            packets.Add(End(endStatus));
            return packets;
        }

        var typed = ResultSet(
            ServerStatus.AutoCommit,
            ("id", ColumnType.LongLong, ["1", "-2", null]),
            ("name", ColumnType.VarString, ["a", "", "ü"]),
            ("at", ColumnType.DateTime, ["2024-02-29 12:00:00.000001", null, "0000-00-00 00:00:00.000000"]),
            ("amount", ColumnType.NewDecimal, ["1.50", "-0.01", "99999999999999999999.99"]),
            ("span", ColumnType.Time, ["-838:59:59.000000", "00:00:00.000000", null]),
            ("flag", ColumnType.Bit, ["\u0001", null, "\0"]),
            ("year", ColumnType.Year, ["2024", "0", null]));
        var multi = ResultSet(ServerStatus.MoreResultsExist, ("a", ColumnType.Long, ["1"]));
        multi.Add(FakePackets.Ok(ServerStatus.MoreResultsExist, affectedRows: 2));
        multi.AddRange(ResultSet(ServerStatus.AutoCommit, ("b", ColumnType.Double, ["1.5", "-2e10"])));
        return
        [
            [FakePackets.Ok(affectedRows: 5, lastInsertId: 9)],
            [FakePackets.Error(1146, "42S02", "Table 'db.t' doesn't exist")],
            typed,
            multi,
            ResultSet(ServerStatus.AutoCommit, ("empty", ColumnType.Blob, [])),
            [[0xFB, .. "/etc/passwd"u8.ToArray()], FakePackets.Ok()],
        ];
    }

    /// <summary>Alters some payloads, drops or repeats some packets, or leaves the answer intact.</summary>
    private static Gen<List<byte[]>> Damage(List<byte[]> packets) =>
        from mode in Gen.Choose(0, 4)
        from index in Gen.Choose(0, packets.Count - 1)
        from mutant in PayloadMutator.Mutants([packets[index]])
        select mode switch
        {
            0 => packets,
            1 or 2 => packets.Select((p, i) => i == index ? mutant : p).ToList(),
            3 => packets.Where((_, i) => i != index).ToList(),
            _ => [.. packets.Take(index + 1), packets[index], .. packets.Skip(index + 1)],
        };

    /// <summary>Frames payloads as packets continuing from the command's sequence id 0; may break one sequence id or cut the stream.</summary>
    private static Gen<byte[]> Frame(List<byte[]> payloads) =>
        from wrongAt in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, Math.Max(0, payloads.Count - 1))))
        from wrongSequence in Gen.Choose(0, 255)
        from cut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 10_000)))
        select Framed(payloads, wrongAt, (byte)wrongSequence, cut);

    private static byte[] Framed(List<byte[]> payloads, int wrongAt, byte wrongSequence, int cut)
    {
        using var wire = new MemoryStream();
        byte sequence = 1;
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            var id = i == wrongAt ? wrongSequence : sequence;
            wire.Write([(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), id]);
            wire.Write(payload);
            sequence++;
        }

        var bytes = wire.ToArray();
        return cut < 0 ? bytes : bytes[..(cut % (bytes.Length + 1))];
    }
}
