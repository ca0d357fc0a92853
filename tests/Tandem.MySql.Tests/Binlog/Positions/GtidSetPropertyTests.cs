using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Tests.Fuzz;

namespace Tandem.MySql.Tests.Binlog.Positions;

/// <summary>Properties of GTID sets over generated sets, checked against a plain set of (source, tag, number).</summary>
public sealed class GtidSetPropertyTests
{
    private static readonly Guid[] Sids =
    [
        Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562"),
        Guid.Parse("896e7882-18fe-11ef-ab88-22222d34d411"),
        Guid.Parse("00000000-0000-0000-0000-000000000001"),
        Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
        Guid.Parse("80000000-0000-0000-0000-000000000000"),
    ];

    private static readonly string?[] Tags = [null, "", "a", "Batch_1", "_", "zz9", "abcdefghijklmnopqrstuvwxyz012345"];

    private static readonly long[] EdgeGnos = [1, 2, 63, 64, 65, 1L << 32, long.MaxValue - 2, long.MaxValue - 1];

    private static Gen<(int Sid, string? Tag, long Gno)> Transactions { get; } =
        from sid in Gen.Choose(0, Sids.Length - 1)
        from tag in Gen.Frequency((4, Gen.Constant<string?>(null)), (3, Gen.Elements(Tags)))
        from gno in Gen.Frequency((8, Gen.Choose(1, 40).Select(i => (long)i)), (1, Gen.Elements(EdgeGnos)))
        select (sid, tag, gno);

    private static Gen<(int Sid, string? Tag, long Gno)[]> TransactionLists { get; } =
        Gen.Choose(0, 60).SelectMany(n => Transactions.ArrayOf(n));

    private static Gen<MySqlGtidSet> Sets { get; } = TransactionLists.Select(Build);

    [Fact]
    public void Parse_of_ToString_gives_the_same_set()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Sets.ToArbitrary(), (MySqlGtidSet set) =>
        {
            var text = set.ToString();
            var parsed = MySqlGtidSet.Parse(text);
            Assert.Equal(set, parsed);
            Assert.Equal(text, parsed.ToString());
        }));
    }

    [Fact]
    public void Decode_of_EncodeForDump_gives_the_same_set()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Sets.ToArbitrary(), (MySqlGtidSet set) =>
        {
            var encoded = set.EncodeForDump();
            Assert.Equal(set, MySqlGtidSet.Decode(encoded));
            Assert.Equal(set.HasTags, encoded[7] == 1);
        }));
    }

    [Fact]
    public void Add_then_Contains_matches_a_plain_set_of_transactions()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(TransactionLists.ToArbitrary(), ((int Sid, string? Tag, long Gno)[] transactions) =>
        {
            var set = Build(transactions);
            var model = transactions.Select(t => (t.Sid, Tag: (t.Tag ?? "").ToLowerInvariant(), t.Gno)).ToHashSet();
            foreach (var (sid, tag, gno) in transactions)
            {
                Assert.True(set.Contains(Sids[sid], tag, gno));
            }

            for (var sid = 0; sid < Sids.Length; sid++)
            {
                foreach (var tag in Tags)
                {
                    var key = (tag ?? "").ToLowerInvariant();
                    foreach (var gno in EdgeGnos.Concat(Enumerable.Range(1, 42).Select(i => (long)i)))
                    {
                        Assert.Equal(model.Contains((sid, key, gno)), set.Contains(Sids[sid], tag, gno));
                    }
                }
            }
        }));
    }

    [Fact]
    public void Add_agrees_with_Union_of_a_single_transaction()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Sets.ToArbitrary(), Transactions.ToArbitrary(), (MySqlGtidSet set, (int Sid, string? Tag, long Gno) t) =>
        {
            var single = MySqlGtidSet.Empty.Add(Sids[t.Sid], t.Tag, t.Gno);
            Assert.Equal(set.Union(single), set.Add(Sids[t.Sid], t.Tag, t.Gno));
        }));
    }

    [Fact]
    public void Union_is_commutative_and_contains_both_sides()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Sets.ToArbitrary(), Sets.ToArbitrary(), (MySqlGtidSet a, MySqlGtidSet b) =>
        {
            var ab = a.Union(b);
            Assert.Equal(ab, b.Union(a));
            Assert.Equal(ab.GetHashCode(), b.Union(a).GetHashCode());
            Assert.True(ab.IsSupersetOf(a));
            Assert.True(ab.IsSupersetOf(b));
            Assert.Equal(ab, MySqlGtidSet.Parse(a + "," + b));
        }));
    }

    [Fact]
    public void Garbage_text_is_parsed_or_rejected_with_the_typed_exception()
    {
        var seeds = new[]
        {
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9,896e7882-18fe-11ef-ab88-22222d34d411:1-3",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:domain_1:1-3:15-21:domain_2:8-52",
            "3e11fa4771ca11e19e33c80aa9429562:9223372036854775806",
            "",
        };
        const string Alphabet = "0123456789abcdefABCDEFxyz_-:, \n\t{}";
        var edits =
            from seed in Gen.Elements(seeds)
            from count in Gen.Choose(1, 4)
            from changes in Change(Alphabet).ArrayOf(count)
            select changes.Aggregate(seed, (text, c) => Mutate(text, c.At, c.Kind, c.Char));
        var noise = Gen.Elements(Alphabet.ToCharArray()).ArrayOf().Select(chars => new string(chars));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(Gen.OneOf(edits, noise).ToArbitrary(), (string text) =>
        {
            try
            {
                var set = MySqlGtidSet.Parse(text);
                Assert.Equal(set, MySqlGtidSet.Parse(set.ToString()));
            }
            catch (BinlogPositionFormatException)
            {
                // The documented rejection.
            }
        }));
    }

    [Fact]
    public void Garbage_bytes_are_decoded_or_rejected_with_the_typed_exception()
    {
        var seeds = new[]
        {
            MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7-9,896e7882-18fe-11ef-ab88-22222d34d411:1-3").EncodeForDump(),
            MySqlGtidSet.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3:domain_1:1-3:15-21").EncodeForDump(),
            new byte[8],
        };

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(PayloadMutator.Mutants(seeds).ToArbitrary(), (byte[] bytes) =>
        {
            FuzzOutcome.ParsesOrRejects("MySqlGtidSet.Decode", bytes, b =>
            {
                var set = MySqlGtidSet.Decode(b, out var used);
                Assert.InRange(used, 8, b.Length);
                Assert.Equal(set, MySqlGtidSet.Decode(set.EncodeForDump()));
            });
        }));
    }

    [Fact]
    public void Garbage_mariadb_positions_are_parsed_or_rejected_with_the_typed_exception()
    {
        const string Alphabet = "0123456789-, \n+a";
        var texts = Gen.Elements(Alphabet.ToCharArray()).ArrayOf().Select(chars => new string(chars));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(texts.ToArbitrary(), (string text) =>
        {
            try
            {
                var position = MariaDbGtidPosition.Parse(text);
                Assert.Equal(position, MariaDbGtidPosition.Parse(position.ToString()));
            }
            catch (BinlogPositionFormatException)
            {
                // The documented rejection.
            }
        }));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(PayloadMutator.Noise.ToArbitrary(), (byte[] bytes) =>
        {
            FuzzOutcome.ParsesOrRejects("MariaDbGtidPosition.FromGtidListEvent", bytes, b => MariaDbGtidPosition.FromGtidListEvent(b));
        }));
    }

    private static MySqlGtidSet Build((int Sid, string? Tag, long Gno)[] transactions) =>
        transactions.Aggregate(MySqlGtidSet.Empty, (set, t) => set.Add(Sids[t.Sid], t.Tag, t.Gno));

    private static Gen<(int At, int Kind, char Char)> Change(string alphabet) =>
        from at in Gen.Choose(0, 200)
        from kind in Gen.Choose(0, 2)
        from c in Gen.Elements(alphabet.ToCharArray())
        select (at, kind, c);

    private static string Mutate(string text, int at, int kind, char c)
    {
        var i = text.Length == 0 ? 0 : at % (text.Length + 1);
        return kind switch
        {
            0 => text.Insert(i, c.ToString()),
            1 when i < text.Length => text.Remove(i, 1),
            _ when i < text.Length => text[..i] + c + text[(i + 1)..],
            _ => text + c,
        };
    }
}
