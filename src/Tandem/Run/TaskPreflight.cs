using Tandem.Cli.Check;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.MySql.Protocol;

namespace Tandem.Cli.Run;

/// <summary>
/// What a task checks before it writes anything: ends it can replicate, a source set up for it (the same settings
/// `tandem check` judges), no cascading foreign keys among its tables, no column of a type Tandem cannot carry, and a
/// target that is not the source itself.
/// </summary>
internal sealed class TaskPreflight
{
    private readonly TaskDefinition _task;
    private readonly MySqlConnectionOptions _source;
    private readonly MySqlConnectionOptions _target;
    private readonly TableRouter _router;
    private readonly TableFilter _tables;

    public TaskPreflight(TaskDefinition task, MySqlConnectionOptions source, MySqlConnectionOptions target, TableRouter router, TableFilter tables)
    {
        _task = task;
        _source = source;
        _target = target;
        _router = router;
        _tables = tables;
    }

    /// <summary>The connection options of a MySQL-family URI; a PostgreSQL one gets placeholders, since <see cref="RunAsync"/> refuses it.</summary>
    public static MySqlConnectionOptions Parse(string uri) =>
        ServerUri.KindOf(uri) == ServerKind.Postgres ? new MySqlConnectionOptions() : MySqlConnectionOptions.Parse(uri);

    /// <summary>Refuses a source or target that cannot work, before anything is written; returns the source's facts.</summary>
    public async Task<MySqlServerFacts> RunAsync(CancellationToken ct)
    {
        foreach (var (role, uri) in new[] { ("source", _task.Source), ("target", _task.Target) })
        {
            if (ServerUri.KindOf(uri) == ServerKind.Postgres)
            {
                throw new TandemException(
                    $"the task's {role} is PostgreSQL, which `tandem run` cannot replicate yet",
                    "run tasks between MySQL-family servers (MySQL, MariaDB, TiDB as a target) for now");
            }
        }

        MySqlServerFacts facts;
        string sourceIdentity;
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            facts = await MySqlServerFacts.ReadAsync(source, ct).ConfigureAwait(false);
            sourceIdentity = await ServerIdentityAsync(source, ct).ConfigureAwait(false);
        }

        await RefuseCascadingForeignKeysAsync(ct).ConfigureAwait(false);
        await RefuseUncarriedColumnTypesAsync(ct).ConfigureAwait(false);

        if (facts.IsTiDb)
        {
            throw new TandemException(
                $"{_source.DisplayName} is TiDB, which has no binlog to follow",
                "TiDB sources are not supported by 'tandem run' yet; use TiDB as a target, or TiCDC for a TiDB source");
        }

        if (_task.Mode != TaskMode.Full)
        {
            var failures = MySqlBinlogChecks.Evaluate(facts).Where(static r => r.Status == CheckStatus.Fail).ToList();
            if (failures.Count > 0)
            {
                throw new TandemException(
                    $"{_source.DisplayName} cannot serve as a replication source: " + string.Join("; ", failures.Select(static f => f.Detail)),
                    string.Join("; ", failures.Where(static f => f.Fix is not null).Select(static f => f.Fix)) + " ('tandem check' lists every setting)");
            }
        }

        var target = await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            if (await ServerIdentityAsync(target, ct).ConfigureAwait(false) == sourceIdentity && _router.IsIdentity)
            {
                throw new TandemException(
                    $"the source and the target are the same server ({_source.DisplayName}), so every table would be written onto itself",
                    "point the target at another server, or add routes that send the tables to other databases");
            }
        }

        return facts;
    }

    /// <summary>
    /// The source does not log the rows a foreign key's CASCADE or SET NULL changes (InnoDB makes them below the binlog),
    /// and the target cannot redo them while parallel writers apply parents and children in any order: such a child
    /// table would silently keep rows the source removed. Refused up front, all named in one error.
    /// </summary>
    private async Task RefuseCascadingForeignKeysAsync(CancellationToken ct)
    {
        var tables = _tables;
        var cascading = new List<string>();
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var reader = await source.QueryAsync(
                """
                SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE
                FROM information_schema.REFERENTIAL_CONSTRAINTS
                WHERE DELETE_RULE NOT IN ('RESTRICT', 'NO ACTION') OR UPDATE_RULE NOT IN ('RESTRICT', 'NO ACTION')
                """,
                ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var (database, table) = (reader.GetString(0)!, reader.GetString(1)!);
                    if (tables.Includes(database, table))
                        cascading.Add($"{database}.{table} ({reader.GetString(2)}: ON DELETE {reader.GetString(3)} ON UPDATE {reader.GetString(4)})");
                }
            }
        }

        if (cascading.Count > 0)
        {
            throw new TandemException(
                $"{string.Join(", ", cascading)} {(cascading.Count == 1 ? "has a foreign key" : "have foreign keys")} whose cascaded changes the source does not write to its binlog, so the target would keep rows the source changed or removed",
                "make those foreign keys ON DELETE/ON UPDATE RESTRICT (the application deletes children itself), or leave the child tables out of the task with '!db.table'");
        }
    }

    /// <summary>A column of a type the copy or the stream cannot carry exactly would fail the task midway: refused up front, all named.</summary>
    private async Task RefuseUncarriedColumnTypesAsync(CancellationToken ct)
    {
        List<SourceColumn> found;
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            found = await MySqlSchemaChecks.UncarriedColumnsAsync(source, _tables, ct).ConfigureAwait(false);
        if (found.Count > 0)
            throw UncarriedColumns.Refusal(found, _source.DisplayName);
    }

    private static async Task<string> ServerIdentityAsync(MySqlConnection connection, CancellationToken ct) =>
        Convert.ToString(await connection.QueryScalarAsync("SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir)", ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
        ?? string.Empty;
}
