using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Protocol.Payloads;

namespace Tandem.MySql.Tests.Fuzz;

/// <summary>Every payload parser, fed truncated, altered and random bytes, returns or throws a MySqlException.</summary>
public sealed class PayloadParserFuzzTests
{
    private static readonly (string Name, FuzzOutcome.ParseAction Parse)[] Parsers =
    [
        ("InitialHandshakePayload", p => InitialHandshakePayload.Create(p)),
        ("OkPayload", p => OkPayload.Create(p)),
        ("ErrorPayload", p => ErrorPayload.Create(p)),
        ("EofPayload", p => EofPayload.Create(p)),
        ("ColumnDefinition", p => ColumnDefinition.Create(p)),
        ("ColumnDefinition (MariaDB extended metadata)", p => ColumnDefinition.Create(p, mariaDbExtendedTypes: true)),
        ("AuthSwitchRequestPayload", p => AuthSwitchRequestPayload.Create(p)),
        ("StmtPrepareOkPayload", p => StmtPrepareOkPayload.Create(p)),
    ];

    [Fact]
    public void Every_truncation_of_every_sample_parses_or_is_rejected_by_every_parser()
    {
        var checks = 0;
        foreach (var sample in SamplePayloads.All)
        {
            for (var length = 0; length <= sample.Length; length++)
            {
                checks += ParseWithAll(sample.AsSpan(0, length));
            }
        }

        Assert.True(checks > 1000, $"only {checks} checks ran");
    }

    [Fact]
    public void Every_single_byte_change_of_every_sample_parses_or_is_rejected_by_every_parser()
    {
        var checks = 0;
        byte[] values = [0x00, 0x01, 0x7F, 0x80, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF];
        foreach (var sample in SamplePayloads.All)
        {
            for (var at = 0; at < sample.Length; at++)
            {
                foreach (var value in values)
                {
                    checks += ParseWithAll(PayloadMutator.Replace(sample, at, value));
                }

                checks += ParseWithAll(PayloadMutator.Replace(sample, at, (byte)(sample[at] ^ 0x80)));
            }
        }

        Assert.True(checks > 10_000, $"only {checks} checks ran");
    }

    [Fact]
    public void Random_mutants_parse_or_are_rejected_by_every_parser()
    {
        var property = Prop.ForAll(PayloadMutator.Mutants(SamplePayloads.All).ToArbitrary(), (byte[] bytes) =>
        {
            ParseWithAll(bytes);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void Valid_samples_parse()
    {
        // The seeds themselves must be valid, or the mutants above would start from garbage.
        Assert.Equal("8.0.36", InitialHandshakePayload.Create(SamplePayloads.All[0]).ServerVersion);
        Assert.Equal(70000UL, OkPayload.Create(SamplePayloads.All[4]).AffectedRows);
        Assert.Equal(1040, ErrorPayload.Create(SamplePayloads.All[7]).ErrorCode);
        Assert.Equal("json", ColumnDefinition.Create(SamplePayloads.MariaDbColumnWithExtendedMetadata(), mariaDbExtendedTypes: true).ExtendedTypeName);
        Assert.Equal(32, AuthSwitchRequestPayload.Create(SamplePayloads.All[15]).Data.Length);
        Assert.Equal(new StmtPrepareOkPayload(1, 2, 3, 1), StmtPrepareOkPayload.Create(SamplePayloads.All[16]));
    }

    private static int ParseWithAll(ReadOnlySpan<byte> input)
    {
        foreach (var (name, parse) in Parsers)
        {
            FuzzOutcome.ParsesOrRejects(name, input, parse);
        }

        return Parsers.Length;
    }
}
