using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol;
using Tandem.MySql.Tests.FakeServer;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>
/// The connection phase against a server that sends altered greetings and authentication packets, then closes:
/// opening either succeeds or throws a MySqlException within seconds, and the password appears in no message.
/// </summary>
public sealed class HandshakeFuzzTests
{
    private const string Password = "fuzz-Secret-9";

    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Damaged_greeting_and_auth_packets_end_in_a_mysql_exception_or_a_login()
    {
        using var rsa = RSA.Create(1024);
        var pem = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var script = Tuple.Create<byte[], byte[][]>([], []);
        await using var server = FakeMySqlServer.Start(async c =>
        {
            var (greeting, authPackets) = Volatile.Read(ref script);
            await c.WritePayloadAsync(greeting);
            if (await c.ReadPayloadOrEndAsync() is null)
            {
                return;
            }

            foreach (var packet in authPackets)
            {
                await c.WritePayloadAsync(packet);
            }
        });

        var greetings = new[] { FakeGreeting.MySql().ToPayload(), FakeGreeting.MariaDb().ToPayload(), FakeGreeting.MySql("sha256_password").ToPayload() };
        byte[][][] exchanges =
        [
            [FakePackets.AuthMoreData(0x03), FakePackets.Ok()],
            [FakePackets.AuthMoreData(0x04), FakePackets.AuthMoreData(pem), FakePackets.Ok()],
            [FakePackets.AuthMoreData(pem), FakePackets.Ok()],
            [FakePackets.AuthSwitch("caching_sha2_password", [.. FakeGreeting.DefaultScramble, 0]), FakePackets.AuthMoreData(0x03), FakePackets.Ok()],
            [FakePackets.AuthSwitch("client_ed25519", new byte[32]), FakePackets.Ok()],
            [FakePackets.AuthSwitch("mysql_clear_password", [0]), FakePackets.Ok()],
            [FakePackets.Error(1045, "28000", "Access denied")],
            [FakePackets.Ok()],
        ];

        var cases =
            from greeting in Gen.OneOf(Gen.Elements(greetings), PayloadMutator.Mutants(greetings))
            from exchange in Gen.Elements(exchanges)
            from damageAt in Gen.Choose(-1, exchange.Length - 1)
            from mutant in PayloadMutator.Mutants(exchange)
            select (greeting, exchange.Select((p, i) => i == damageAt ? mutant : p).ToArray());

        var outcomes = new Dictionary<string, int>();
        var property = Prop.ForAll(cases.ToArbitrary(), ((byte[] Greeting, byte[][] AuthPackets) fuzzCase) =>
        {
            Volatile.Write(ref script, Tuple.Create(fuzzCase.Greeting, fuzzCase.AuthPackets));
            var outcome = OpenAsync(server.Uri(Password, "allow-public-key-retrieval=true"), fuzzCase.Greeting).GetAwaiter().GetResult();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);

        Assert.True(outcomes.GetValueOrDefault("ok") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(MySqlProtocolException)) > 0, string.Join(", ", outcomes));
    }

    private static async Task<string> OpenAsync(string uri, byte[] greeting)
    {
        try
        {
            var connection = await MySqlConnection.OpenAsync(uri).WaitAsync(CaseLimit);
            await connection.DisposeAsync();
            return "ok";
        }
        catch (MySqlException ex)
        {
            SecretAssert.NotIn(Password, ex);
            return ex.GetType().Name;
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"opening hung for {CaseLimit.TotalSeconds} s after greeting {Convert.ToHexString(greeting)}");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"opening threw {ex.GetType().Name} after greeting {Convert.ToHexString(greeting)}: {ex.Message}", ex);
        }
    }
}
