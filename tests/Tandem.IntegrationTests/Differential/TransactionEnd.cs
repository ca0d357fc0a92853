namespace Tandem.IntegrationTests.Differential;

/// <summary>How a workload transaction ends when all its statements have run.</summary>
internal enum TransactionEnd
{
    Commit,
    Rollback,
}
