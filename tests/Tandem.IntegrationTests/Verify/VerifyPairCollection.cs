using Tandem.IntegrationTests.Fixtures;

namespace Tandem.IntegrationTests.Verify;

/// <summary>
/// Two MariaDB servers of their own for the verification tests, so they run beside the replication tests instead of
/// queueing behind them; each test isolates itself by database name.
/// </summary>
[CollectionDefinition(Name)]
public sealed class VerifyPairCollection : ICollectionFixture<ReplicationPairFixture>
{
    public const string Name = "Verify pair";
}
