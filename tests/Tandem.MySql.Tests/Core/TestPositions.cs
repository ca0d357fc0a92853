using Tandem.Core.Model;

namespace Tandem.MySql.Tests.Core;

/// <summary>A position of a made-up engine, ordered by a counter: for logic that must treat positions as opaque.</summary>
internal sealed record CounterPosition(long Value, string EngineName = "test") : SourcePosition
{
    public override string Engine => EngineName;

    protected override int CompareToSameKind(SourcePosition other) => Value.CompareTo(((CounterPosition)other).Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A transaction with no changes: for logic that looks only at its position, times and size.</summary>
internal sealed class EmptyTransaction : Transaction
{
    public override async IAsyncEnumerable<Change> ReadChangesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
