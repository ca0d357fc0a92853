namespace Tandem.IntegrationTests.Differential;

/// <summary>The workload generator is pure: its statements depend on the seed and the session only, and every deck deals every kind.</summary>
public sealed class WorkloadGeneratorTests
{
    private const int Transactions = 600;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(42, 3)]
    [InlineData(int.MaxValue, 1)]
    public void The_same_seed_and_session_give_the_same_transactions(int seed, int session)
    {
        var first = new WorkloadGenerator(seed).Session(session).Take(Transactions).Select(static t => t.ToString()).ToList();
        var second = new WorkloadGenerator(seed).Session(session).Take(Transactions).Select(static t => t.ToString()).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Other_seeds_and_other_sessions_give_other_transactions()
    {
        string[] Of(int seed, int session) => [.. new WorkloadGenerator(seed).Session(session).Take(100).Select(static t => t.ToString())];

        Assert.NotEqual(Of(7, 0), Of(8, 0));
        Assert.NotEqual(Of(7, 0), Of(7, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(123_456_789)]
    public void Every_deck_of_a_session_deals_every_kind(int seed)
    {
        var generator = new WorkloadGenerator(seed);
        foreach (var session in Enumerable.Range(0, 4))
        {
            var dealt = generator.Session(session).Take(WorkloadGenerator.TransactionsPerDeck).Select(static t => t.Kind).ToHashSet();
            Assert.Equal(Enum.GetValues<OperationKind>().ToHashSet(), dealt);
        }
    }

    [Fact]
    public void The_deck_holds_every_kind()
    {
        Assert.Equal(Enum.GetValues<OperationKind>().ToHashSet(), WorkloadGenerator.Deck.Where(static p => p.Value > 0).Select(static p => p.Key).ToHashSet());
    }

    [Fact]
    public void Rolled_back_transactions_are_the_explicit_rollbacks_only()
    {
        var transactions = new WorkloadGenerator(5).Session(0).Take(Transactions).ToList();
        Assert.All(transactions, static t => Assert.Equal(t.Kind == OperationKind.ExplicitRollback, t.End == TransactionEnd.Rollback));
    }

    [Fact]
    public void Swaps_park_a_value_and_roll_back_when_refused()
    {
        var swaps = new WorkloadGenerator(9).Session(2).Take(Transactions)
            .Where(static t => t.Kind is OperationKind.UniqueSwapThroughTemporary or OperationKind.UniqueSwapThroughNull or OperationKind.PrimaryKeySwap)
            .ToList();
        Assert.NotEmpty(swaps);
        Assert.All(swaps, static t => Assert.Equal(RefusalPolicy.RollBack, t.OnRefusal));
        Assert.Contains(swaps, static t => t.Kind == OperationKind.UniqueSwapThroughTemporary && t.Statements.Any(static s => s.Contains("'swap:2'", StringComparison.Ordinal)));
        Assert.Contains(swaps, static t => t.Kind == OperationKind.UniqueSwapThroughNull && t.Statements.Any(static s => s.Contains("= NULL WHERE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Respellings_write_a_key_in_another_spelling_of_its_class()
    {
        var statements = new WorkloadGenerator(11).Session(0).Take(Transactions).SelectMany(static t => t.Statements).ToList();
        var respelled = statements.Where(static s => s.StartsWith("UPDATE gword SET w = ", StringComparison.Ordinal) || s.StartsWith("UPDATE uword SET w = ", StringComparison.Ordinal)).ToList();
        Assert.Contains(respelled, static s => Respellings.GeneralCi.Any(c => c.Count(m => s.Contains($"'{m}'", StringComparison.Ordinal)) == 2));
        // Every script and trick of the classes reaches the statements.
        foreach (var spelling in new[] { "ß", "ё", "έ", "😀", "Straße " })
            Assert.Contains(statements, s => s.Contains(spelling, StringComparison.Ordinal));
    }

    [Fact]
    public void Respelling_classes_hold_different_bytes()
    {
        foreach (var classes in new[] { Respellings.GeneralCi, Respellings.UnicodeCi })
        {
            foreach (var spellings in classes)
                Assert.Equal(spellings.Length, spellings.Distinct(StringComparer.Ordinal).Count());
        }
    }
}
