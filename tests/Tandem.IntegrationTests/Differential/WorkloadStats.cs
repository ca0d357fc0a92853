using System.Globalization;
using System.Text;

namespace Tandem.IntegrationTests.Differential;

/// <summary>What the sessions of a workload did, by kind and outcome, and which errors the server answered with.</summary>
internal sealed class WorkloadStats
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(OperationKind Kind, string Outcome), int> _outcomes = [];
    private readonly SortedDictionary<int, int> _errors = [];
    private readonly Dictionary<int, int> _transactions = [];

    public const string Committed = "committed";
    public const string RolledBack = "rolled back";
    public const string Refused = "refused, rolled back";
    public const string GaveUp = "gave up after retries";
    public const string Retried = "retried";

    public void Count(OperationKind kind, string outcome)
    {
        lock (_lock)
            _outcomes[(kind, outcome)] = _outcomes.GetValueOrDefault((kind, outcome)) + 1;
    }

    public void CountError(int code)
    {
        lock (_lock)
            _errors[code] = _errors.GetValueOrDefault(code) + 1;
    }

    public void CountTransaction(int session)
    {
        lock (_lock)
            _transactions[session] = _transactions.GetValueOrDefault(session) + 1;
    }

    public int Of(OperationKind kind, string outcome)
    {
        lock (_lock)
            return _outcomes.GetValueOrDefault((kind, outcome));
    }

    /// <summary>Kinds that ran at least once, whatever their outcome.</summary>
    public IReadOnlySet<OperationKind> KindsRun()
    {
        lock (_lock)
            return _outcomes.Keys.Where(static k => k.Outcome != Retried).Select(static k => k.Kind).ToHashSet();
    }

    public int ErrorsOf(int code)
    {
        lock (_lock)
            return _errors.GetValueOrDefault(code);
    }

    public override string ToString()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"transactions by session: {string.Join(", ", _transactions.OrderBy(static p => p.Key).Select(static p => $"{p.Key}: {p.Value}"))}\n");
            foreach (var kind in Enum.GetValues<OperationKind>())
            {
                var outcomes = _outcomes.Where(p => p.Key.Kind == kind).Select(static p => $"{p.Key.Outcome} {p.Value}");
                text.Append(CultureInfo.InvariantCulture, $"  {kind}: {string.Join(", ", outcomes)}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"server errors: {string.Join(", ", _errors.Select(static p => $"{p.Key} x{p.Value}"))}");
            return text.ToString();
        }
    }
}
