using Tandem.Core.Model;

namespace Tandem.MySql.Sink.Links;

/// <summary>What a conflict check found for a group of changes: the ones not to write, and the conflicts met.</summary>
internal sealed class ConflictOutcome
{
    public static readonly ConflictOutcome None = new();

    public HashSet<RowChange> Skipped { get; } = new(ReferenceEqualityComparer.Instance);

    public List<ConflictRecord> Conflicts { get; } = [];

    /// <summary>Conflicts whose row goes to tandem_meta.conflicts.</summary>
    public List<(ConflictRecord Record, LinkChange First)> Logged { get; } = [];

    /// <summary>The check opened the target transaction (its BEGIN went with the first lookup).</summary>
    public bool Began { get; set; }

    /// <summary>The first conflict under the stop policy, if any: nothing of the group may be written.</summary>
    public ConflictRecord? Stop { get; set; }
}
