using Tandem.Core.Filtering;

namespace Tandem.Core.Tasks.Links;

/// <summary>
/// One entry of a link's <c>conflicts.tables</c>: the settings for the source tables <see cref="Pattern"/> matches
/// (one inclusion pattern such as "app.orders" or "app.audit_*", compiled as <see cref="Tables"/>).
/// </summary>
public sealed record TableConflictSettings(string Pattern, TableFilter Tables, ConflictSettings Settings);
