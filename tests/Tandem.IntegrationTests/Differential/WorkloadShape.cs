namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// How long and how hard the workload runs: <see cref="Sessions"/> connections, each pausing <see cref="Pause"/>
/// between transactions, until <see cref="Duration"/> has passed and every session has run at least
/// <see cref="LeastTransactionsPerSession"/> transactions (a whole deck, so every kind ran however slow the machine).
/// </summary>
internal sealed record WorkloadShape(int Sessions, TimeSpan Duration, TimeSpan Pause, int LeastTransactionsPerSession);
