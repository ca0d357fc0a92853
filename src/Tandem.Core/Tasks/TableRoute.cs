namespace Tandem.Core.Tasks;

/// <summary>
/// One routing rule of a task: source tables matching <see cref="Pattern"/> ("db.*", "db.t?") go to
/// <see cref="TargetDatabase"/> and, when set, <see cref="TargetTable"/> (which may hold "*" for the source table
/// name, as in "archive_*"). The first rule that matches wins; unmatched tables keep their names.
/// </summary>
public sealed record TableRoute(string Pattern, string? TargetDatabase, string? TargetTable);
