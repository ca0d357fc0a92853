namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// What a session does when the server refuses a statement for a reason the workload provokes on purpose (a duplicate
/// key, a foreign key). Deadlocks and lock wait timeouts always retry the whole transaction instead.
/// </summary>
internal enum RefusalPolicy
{
    /// <summary>Go on with the next statement: the server has undone the refused one only, and the rest commits.</summary>
    SkipStatement,

    /// <summary>Roll the whole transaction back and go on with the next one.</summary>
    RollBack,
}
