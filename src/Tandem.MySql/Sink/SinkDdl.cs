using System.Text;
using Microsoft.Extensions.Logging;
using Tandem.Core.Errors;
using Tandem.Core.Model;
using Tandem.Core.Tasks;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;
using Tandem.MySql.Schema.Ddl;

namespace Tandem.MySql.Sink;

/// <summary>
/// Applies a source DDL statement on the target, after the sink's barrier, with table names routed. DDL commits on its
/// own, so a crash between it and the checkpoint replays it: DDL at or before the checkpoint the sink resumed from is
/// skipped, and the first DDL after it may fail as already applied (table exists, duplicate column, ...), which counts
/// as applied. Anywhere else those errors are real and stop the sink.
/// </summary>
internal sealed class SinkDdl
{
    /// <summary>Errors a DDL statement raises when it already ran: the state it would create is there.</summary>
    private static readonly HashSet<int> AlreadyApplied =
    [
        1007, // database exists (CREATE DATABASE)
        1008, // database doesn't exist (DROP DATABASE)
        1050, // table exists (CREATE TABLE, RENAME TABLE to a name now taken by the renamed table)
        1051, // unknown table (DROP TABLE)
        1060, // duplicate column name (ADD COLUMN)
        1061, // duplicate key name (ADD INDEX)
        1068, // multiple primary key defined (ADD PRIMARY KEY)
        1091, // can't drop: column or key doesn't exist (DROP COLUMN/INDEX)
        1146, // table doesn't exist (ALTER/RENAME/TRUNCATE of a table renamed or dropped later in the replayed history)
        1054, // unknown column (CHANGE/RENAME COLUMN already done)
        1176, // key doesn't exist (RENAME INDEX already done)
    ];

    private readonly TableRouter _router;
    private readonly BinlogPosition? _resumedFrom;
    private readonly ILogger _logger;
    private bool _appliedOne;

    /// <summary>A comment put in front of every statement applied (a link's DDL marker), or null.</summary>
    public string? Marker { get; init; }

    public SinkDdl(TableRouter router, BinlogPosition? resumedFrom, ILogger logger)
    {
        _router = router;
        _resumedFrom = resumedFrom;
        _logger = logger;
    }

    /// <param name="replayed">The statement may have run already (the same transaction is being retried).</param>
    /// <param name="firstSinceResume">
    /// Its transaction is the first the sink received: a crash between a DDL and the checkpoint after it resumes right
    /// before that DDL, so only then may it have run already. Later DDL gets no such benefit of the doubt.
    /// </param>
    public async Task ApplyAsync(SinkConnection connection, DdlChange ddl, BinlogPosition position, bool replayed, bool firstSinceResume, CancellationToken ct)
    {
        if (_resumedFrom is not null && !_appliedOne && AtOrBefore(position, _resumedFrom))
        {
            _logger.LogInformation("skipping DDL at {Position}, at or before the checkpoint {Checkpoint}: {Statement}", position, _resumedFrom, ddl.Statement);
            return;
        }

        var tolerate = replayed || (_resumedFrom is not null && !_appliedOne && firstSinceResume);
        _appliedOne = true;
        var (database, statement) = Route(ddl, position);
        if (statement is null)
            return;
        try
        {
            if (database is not null)
                await connection.Connection.ExecuteAsync($"USE {SqlLiteral.QuoteIdentifier(database)}", ct).ConfigureAwait(false);
            await connection.Connection.ExecuteAsync(Marker is null ? statement : $"{Marker} {statement}", ct).ConfigureAwait(false);
            _logger.LogInformation("applied DDL at {Position}: {Statement}", position, statement);
        }
        catch (MySqlServerException ex) when (tolerate && AlreadyApplied.Contains(ex.ErrorCode))
        {
            _logger.LogWarning("DDL at {Position} was already applied before the restart ({Reason}): {Statement}", position, ex.ServerMessage, statement);
        }
        catch (Exception ex) when (ex is MySqlException or IOException)
        {
            throw SinkConnection.Wrap(ex, ddl.Table is null ? null : $"{ddl.Database}.{ddl.Table}", position.ToString());
        }
    }

    /// <summary>The database to USE and the statement to run on the target; a null statement skips it.</summary>
    internal (string? Database, string? Statement) Route(DdlChange ddl, BinlogPosition position)
    {
        if (_router.IsIdentity)
            return (ddl.Database, ddl.Statement);

        DdlStatement parsed;
        IReadOnlyList<TableRef> named;
        try
        {
            parsed = DdlParser.Parse(ddl.Statement, out named);
        }
        catch (DdlParseException ex)
        {
            throw Unroutable(ddl, position, $"it could not be parsed ({ex.Message})");
        }

        switch (parsed)
        {
            case DatabaseStatement:
                _logger.LogWarning("skipping a database statement at {Position}: the task routes tables to other names, so it has no single target: {Statement}", position, ddl.Statement);
                return (null, null);
            case IgnoredStatement:
                throw Unroutable(ddl, position, "it is not a table statement Tandem can rename (a view, trigger or routine may name tables in its body)");
        }

        var tokens = DdlTokenizer.Tokenize(ddl.Statement);
        var sql = ddl.Statement;
        var output = new StringBuilder();
        var copied = 0;
        var rewritten = new HashSet<TableRef>();
        var list = parsed is DropTablesStatement or RenameTablesStatement;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsName)
                continue;
            var start = i;
            string? database = null;
            var name = tokens[i].Text;
            if (i + 2 < tokens.Count && tokens[i + 1].IsSymbol(".") && tokens[i + 2].IsName)
            {
                database = name;
                name = tokens[i + 2].Text;
                i += 2;
            }

            var match = named.FirstOrDefault(t => Same(t.Name, name) && Same(t.Database ?? ddl.Database, database ?? ddl.Database));
            if (match is null)
                continue;
            if (!IsTableContext(tokens, start, list))
                throw Unroutable(ddl, position, $"'{name}' names both a table and something else in it");
            var (targetDatabase, targetTable) = _router.Map(database ?? ddl.Database ?? string.Empty, name);
            output.Append(sql, copied, tokens[start].Offset - copied);
            output.Append(SqlLiteral.QuoteIdentifier(targetDatabase)).Append('.').Append(SqlLiteral.QuoteIdentifier(targetTable));
            copied = EndOf(sql, tokens[i]);
            rewritten.Add(match);
        }

        if (named.Any(t => !rewritten.Contains(t)))
            throw Unroutable(ddl, position, "Tandem could not find every table it names");
        output.Append(sql, copied, sql.Length - copied);
        return (null, output.ToString());
    }

    private static bool IsTableContext(List<DdlToken> tokens, int start, bool list)
    {
        if (start == 0)
            return false;
        var before = tokens[start - 1];
        if (before.IsWord("TABLE") || before.IsWord("EXISTS") || before.IsWord("LIKE") || before.IsWord("REFERENCES") || before.IsWord("ON"))
            return true;
        if (before.IsSymbol(","))
            return list;
        if (before.IsWord("RENAME"))
            return true;
        if (before.IsWord("TO") || before.IsWord("AS"))
        {
            // RENAME TABLE a TO b, ALTER TABLE a RENAME TO b; not RENAME COLUMN/INDEX/KEY x TO y.
            return start >= 3 && !(tokens[start - 3].IsWord("COLUMN") || tokens[start - 3].IsWord("INDEX") || tokens[start - 3].IsWord("KEY"));
        }

        return false;
    }

    private static int EndOf(string sql, DdlToken token)
    {
        var i = token.Offset;
        if (token.Kind == DdlTokenKind.QuotedIdentifier)
        {
            var quote = sql[i];
            i++;
            while (i < sql.Length)
            {
                if (sql[i] == quote)
                {
                    if (i + 1 < sql.Length && sql[i + 1] == quote)
                    {
                        i += 2;
                        continue;
                    }

                    return i + 1;
                }

                i++;
            }

            return i;
        }

        while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$' || sql[i] > '\u007f'))
            i++;
        return i;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool AtOrBefore(BinlogPosition position, BinlogPosition checkpoint)
    {
        // File and offset order positions of one server's binlog; a checkpoint from another log (another server after a
        // failover) says nothing about this one, so nothing is skipped.
        if (BaseName(position.File) != BaseName(checkpoint.File))
            return false;
        return position.FilePosition.CompareTo(checkpoint.FilePosition) <= 0;
    }

    private static string BaseName(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot < 0 ? file : file[..dot];
    }

    private static TandemException Unroutable(DdlChange ddl, BinlogPosition position, string why) =>
        new SinkApplyException(
            $"the DDL at {position} cannot be applied under the task's table routes: {why}: {ddl.Statement}",
            "run the statement on the target by hand with the routed names, then restart the task from the position after it; or remove the routes",
            ddl.Table is null ? null : $"{ddl.Database}.{ddl.Table}",
            position.ToString());
}
