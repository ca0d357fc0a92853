namespace Tandem.IntegrationTests.Differential;

/// <summary>One transaction of a session's workload: its statements in order, how it ends, and what a refusal does.</summary>
internal sealed record WorkloadTransaction(OperationKind Kind, IReadOnlyList<string> Statements, TransactionEnd End, RefusalPolicy OnRefusal)
{
    public override string ToString() =>
        $"{Kind} ({End}, {OnRefusal}): {string.Join("; ", Statements)}";
}
