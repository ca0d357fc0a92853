using Microsoft.Extensions.Logging;
using Tandem.Cli.Check;
using Tandem.Core.Errors;
using Tandem.Core.Filtering;
using Tandem.Core.Tasks;
using Tandem.MySql.Meta;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.Cli.Run;

/// <summary>
/// What a task checks before it writes anything: ends it can replicate, a source set up for it (the same settings
/// `tandem check` judges), users with the privileges the task needs on both ends, no cascading foreign keys among its
/// tables, no column of a type Tandem cannot carry, a target that is not the source itself, and
/// (<see cref="RefuseUnmatchedPatternsAsync"/>) table patterns that each select a table.
/// </summary>
internal sealed class TaskPreflight
{
    /// <summary>Privileges every write of the copy and the apply needs on the target's databases and on tandem_meta.</summary>
    private static readonly string[] TargetWrites = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE"];

    /// <summary>Privileges replaying DDL needs on the target (and TRUNCATE, for existing_tables: truncate, needs DROP).</summary>
    private static readonly string[] TargetDdl = ["ALTER", "DROP", "INDEX"];

    private readonly TaskDefinition _task;
    private readonly MySqlConnectionOptions _source;
    private readonly MySqlConnectionOptions _target;
    private readonly TableRouter _router;
    private readonly TableFilter _tables;
    private readonly ILogger _logger;

    public TaskPreflight(TaskDefinition task, MySqlConnectionOptions source, MySqlConnectionOptions target, TableRouter router, TableFilter tables, ILogger logger)
    {
        _task = task;
        _source = source;
        _target = target;
        _router = router;
        _tables = tables;
        _logger = logger;
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
        SourceTables sourceTables;
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            facts = await MySqlServerFacts.ReadAsync(source, ct).ConfigureAwait(false);
            sourceIdentity = await ServerIdentityAsync(source, ct).ConfigureAwait(false);
            sourceTables = await SourceTables.ReadAsync(source, ct).ConfigureAwait(false);
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

        var captured = sourceTables.Tables.Where(t => _tables.Includes(t.Database, t.Table)).ToList();
        RefuseMissingSourcePrivileges(facts, captured);
        var sequences = captured.Where(static t => t.IsSequence).Select(static t => $"{t.Database}.{t.Table}").ToList();
        if (sequences.Count > 0)
        {
            _logger.LogWarning(
                "task {Task}: {Sequences} {Are} not replicated: Tandem copies and streams tables, and leaves out sequences and the NEXTVAL/SETVAL changes to them; at a switchover, create them on the target (SHOW CREATE SEQUENCE) and set each past the source's last value (SELECT SETVAL(seq, n))",
                _task.Name, string.Join(", ", sequences), sequences.Count == 1 ? "is a sequence, which is" : "are sequences, which are");
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

            var targetFacts = await MySqlServerFacts.ReadAsync(target, ct).ConfigureAwait(false);
            var targetDatabases = captured.Where(static t => !t.IsSequence).Select(t => _router.Map(t.Database, t.Table).Database).Append(MetaSchema.Database);
            RefuseMissingTargetPrivileges(targetFacts, [.. targetDatabases]);
        }

        return facts;
    }

    /// <summary>
    /// Refuses inclusion patterns that select no table on the source, which would otherwise copy and stream nothing,
    /// silently: all are named in one error, with the databases the source has. A streaming task may name a database
    /// whose tables do not exist yet (they replicate once created), so a pattern whose database exists is then a
    /// warning; a pattern naming no database at all, one whose every table the exclusions leave out, and any pattern of
    /// a full copy are errors. Called once the tables can exist: a link direction that waits for the copy into its
    /// source checks after that copy.
    /// </summary>
    public async Task RefuseUnmatchedPatternsAsync(CancellationToken ct)
    {
        SourceTables sourceTables;
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            sourceTables = await SourceTables.ReadAsync(source, ct).ConfigureAwait(false);

        var unmatched = TablePatternCoverage.Unmatched(_task.TablePatterns, sourceTables.Databases, [.. sourceTables.Tables.Select(static t => (t.Database, t.Table))]);
        var databases = sourceTables.Databases.Count == 0
            ? "it has no databases besides the system ones"
            : $"its databases: {string.Join(", ", sourceTables.Databases.Take(MySqlSchemaChecks.ListLimit))}{(sourceTables.Databases.Count > MySqlSchemaChecks.ListLimit ? $", and {sourceTables.Databases.Count - MySqlSchemaChecks.ListLimit} more" : string.Empty)}";
        var waiting = unmatched.Where(p => _task.Mode != TaskMode.Full && p.DatabaseExists && p.Excluded.Count == 0).ToList();
        foreach (var pattern in waiting)
        {
            _logger.LogWarning(
                "task {Task}: table pattern '{Pattern}' matches no table on {Source} yet{Suggestion}; tables created there later are replicated from their CREATE TABLE",
                _task.Name, pattern.Pattern, _source.DisplayName, pattern.Suggestion is { } s ? $" (did you mean '{s}'?)" : string.Empty);
        }

        if (waiting.Count > 0)
            await CreateWaitingDatabasesAsync(waiting, sourceTables, ct).ConfigureAwait(false);

        var refused = unmatched.Except(waiting).ToList();
        if (refused.Count == 0)
            return;
        var problems = refused.Select(static p => p.Excluded.Count > 0
            ? $"'{p.Pattern}' matches only tables the task's exclusions leave out ({string.Join(", ", p.Excluded.Take(MySqlSchemaChecks.ListLimit))})"
            : $"'{p.Pattern}' matches no {(p.DatabaseExists ? "table" : "database")}{(p.Suggestion is { } s ? $" (did you mean '{s}'?)" : string.Empty)}");
        throw new TandemException(
            $"task '{_task.Name}': table {(refused.Count == 1 ? "pattern" : "patterns")} {string.Join("; ", problems)} on {_source.DisplayName} ({databases})",
            "fix `tables` in the task file (db.table, with * and ? as wildcards, compared case-insensitively; views and the system databases are never replicated)" +
            (_task.Mode == TaskMode.Full ? ", or create the tables on the source first" : ", or create the database on the source first"));
    }

    /// <summary>
    /// Creates on the target, with the source's defaults, the source databases a waiting pattern names: the copy creates
    /// only the databases of the tables it copies, and a CREATE TABLE replayed later needs its database. A task that
    /// routes tables to other names leaves this to the user, since a database alone has no single target.
    /// </summary>
    private async Task CreateWaitingDatabasesAsync(IReadOnlyList<UnmatchedPattern> waiting, SourceTables sourceTables, CancellationToken ct)
    {
        if (!_router.IsIdentity)
            return;
        var databases = sourceTables.Databases
            .Where(db => _tables.MayInclude(db) && waiting.Any(p => TableFilter.Parse([p.Pattern]).MayInclude(db)))
            .ToList();
        if (databases.Count == 0)
            return;

        var defaults = new List<(string Database, string? CharacterSet, string? Collation)>();
        var source = await MySqlConnection.OpenAsync(_source, ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            foreach (var database in databases)
            {
                var reader = await source.QueryAsync(
                    $"SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {SqlLiteral.Quote(database)}", ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(ct).ConfigureAwait(false))
                        defaults.Add((database, reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        var target = await MySqlConnection.OpenAsync(_target, ct).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            foreach (var (database, characterSet, collation) in defaults)
            {
                var options = characterSet is not null && collation is not null ? $" CHARACTER SET {characterSet} COLLATE {collation}" : string.Empty;
                await target.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {SqlLiteral.QuoteIdentifier(database)}{options}", ct).ConfigureAwait(false);
            }
        }
    }

    private void RefuseMissingSourcePrivileges(MySqlServerFacts facts, IReadOnlyList<SourceTable> captured)
    {
        if (facts.GrantsError is not null)
        {
            _logger.LogWarning("task {Task}: could not read the source user's grants ({Reason}); a missing privilege will show as an error later", _task.Name, facts.GrantsError);
            return;
        }

        var missing = MySqlPrivilegeCheck.MissingAsTaskSource(facts, copies: _task.Mode != TaskMode.Incremental, streams: _task.Mode != TaskMode.Full);
        var selects = MySqlPrivilegeCheck.MissingOnDatabases(facts.Grants, captured.Select(static t => t.Database), ["SELECT"]);
        if (missing.Count == 0 && selects.Count == 0)
            return;

        var what = new List<string>();
        var grants = new List<string>();
        if (missing.Count > 0)
        {
            what.Add($"{string.Join(", ", missing)} (to {SourceUses(missing)})");
            grants.Add($"GRANT {string.Join(", ", missing)} ON *.* TO {facts.CurrentUser};");
        }

        foreach (var (privilege, databases) in selects)
        {
            what.Add($"{privilege} on {string.Join(", ", databases)} (to read the tables)");
            grants.AddRange(databases.Select(db => $"GRANT {privilege} ON {SqlLiteral.QuoteIdentifier(db)}.* TO {facts.CurrentUser};"));
        }

        Refuse("source", _source, facts, what, grants);
    }

    private void RefuseMissingTargetPrivileges(MySqlServerFacts facts, IReadOnlyList<string> databases)
    {
        if (facts.GrantsError is not null)
        {
            _logger.LogWarning("task {Task}: could not read the target user's grants ({Reason}); a missing privilege will show as an error later", _task.Name, facts.GrantsError);
            return;
        }

        var needed = _task.ExistingTables == ExistingTablePolicy.Truncate ? [.. TargetWrites, "DROP"] : TargetWrites;
        var missing = MySqlPrivilegeCheck.MissingOnDatabases(facts.Grants, databases, needed);
        var ddl = MySqlPrivilegeCheck.MissingOnDatabases(facts.Grants, databases, TargetDdl.Except(needed));
        if (ddl.Count > 0)
        {
            _logger.LogWarning(
                "task {Task}: the target user {User} lacks {Privileges}, so a DDL the source runs on these tables (ALTER TABLE, CREATE INDEX, DROP TABLE) will fail on the target; {Grants}",
                _task.Name, facts.CurrentUser, string.Join("; ", ddl.Select(static m => $"{m.Privilege} on {string.Join(", ", m.Databases)}")),
                string.Join(" ", Grants(ddl, facts.CurrentUser)));
        }

        if (missing.Count > 0)
            Refuse("target", _target, facts, [.. missing.Select(static m => $"{m.Privilege} on {string.Join(", ", m.Databases)}")], Grants(missing, facts.CurrentUser));
    }

    /// <summary>One GRANT per database, with every privilege it lacks there.</summary>
    private static List<string> Grants(IReadOnlyList<(string Privilege, IReadOnlyList<string> Databases)> missing, string user) =>
    [
        .. missing.SelectMany(static m => m.Databases.Select(db => (Database: db, m.Privilege)))
            .GroupBy(static m => m.Database, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"GRANT {string.Join(", ", g.Select(static m => m.Privilege))} ON {SqlLiteral.QuoteIdentifier(g.Key)}.* TO {user};"),
    ];

    /// <summary>
    /// Refuses a user without a privilege the task needs, naming each and the GRANT that fixes it; a user with roles
    /// may hold it through one (SHOW GRANTS does not list a role's privileges), so that is only a warning.
    /// </summary>
    private void Refuse(string role, MySqlConnectionOptions server, MySqlServerFacts facts, List<string> what, List<string> grants)
    {
        var message = $"the {role} user {facts.CurrentUser} on {server.DisplayName} lacks {string.Join("; ", what)}, which task '{_task.Name}' needs";
        if (facts.Grants.HasRoles)
        {
            _logger.LogWarning("{Message} (unless a role grants it: Tandem does not read roles' privileges); {Grants}", message, string.Join(" ", grants));
            return;
        }

        throw new TandemException(message, $"run on the {role}: {string.Join(" ", grants)} ('tandem check' lists every privilege)");
    }

    private static string SourceUses(IReadOnlyList<string> missing) => string.Join(", ", missing.Select(static p => p switch
    {
        "REPLICATION SLAVE" => "read the binlog",
        "RELOAD" => "take the copy's consistent snapshot under a brief FLUSH TABLES WITH READ LOCK",
        _ => "read the binlog position with SHOW MASTER STATUS",
    }));

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
