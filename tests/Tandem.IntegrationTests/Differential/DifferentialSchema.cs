using System.Globalization;
using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.IntegrationTests.Differential;

/// <summary>
/// The tables the differential workload writes, built so that changes collide: every table has a primary key and most
/// have unique keys over nullable columns; text keys are in utf8mb4_general_ci and utf8mb4_unicode_ci and seeded with
/// one spelling of every <see cref="Respellings"/> class; a parent and a child table are joined by RESTRICT and NO ACTION
/// foreign keys (Tandem refuses CASCADE children); a ledger of wide rows makes the copy long enough to crash in.
/// </summary>
internal static class DifferentialSchema
{
    /// <summary>Accounts 1 to this are the hot rows most operations aim at.</summary>
    public const int HotAccounts = 24;

    public const int SeedAccounts = 3_000;

    /// <summary>Account ids above <see cref="SeedAccounts"/> up to this are inserted, moved to and deleted by the workload.</summary>
    public const int LastChurnAccount = 3_100;

    public const int SeedWords = 2_000;

    /// <summary>Rows of the composite-key table: rows 1 to this, 20 cells each.</summary>
    public const int CellRows = 50;

    /// <summary>Parents 1 to this are seeded; the workload inserts up to <see cref="LastParent"/> and refers to a few more.</summary>
    public const int SeedParents = 20;

    public const int LastParent = 30;

    public const int SeedChildren = 150;

    public const int LastChild = 300;

    /// <summary>Ledger rows spread over accounts 0 to 499; the workload's own ledger rows use account 1000 + session.</summary>
    public const int LedgerAccounts = 500;

    public static readonly string[] Tables = ["acct", "cell", "child", "gword", "ledger", "parent", "uword"];

    public static IReadOnlyList<string> CreateStatements { get; } =
    [
        """
        CREATE TABLE acct (
          id INT NOT NULL,
          email VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
          code VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
          balance INT NOT NULL DEFAULT 0,
          note VARCHAR(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
          PRIMARY KEY (id), UNIQUE KEY uq_email (email), UNIQUE KEY uq_code (code)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE gword (
          w VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
          alt VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
          n INT NOT NULL DEFAULT 0,
          PRIMARY KEY (w), UNIQUE KEY uq_alt (alt)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE uword (
          w VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
          alt VARCHAR(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL,
          n INT NOT NULL DEFAULT 0,
          PRIMARY KEY (w), UNIQUE KEY uq_alt (alt)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE cell (
          r INT NOT NULL,
          c VARCHAR(12) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
          x INT NULL,
          y INT NULL,
          v INT NOT NULL DEFAULT 0,
          PRIMARY KEY (r, c), UNIQUE KEY uq_xy (x, y)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE parent (
          id INT NOT NULL,
          name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
          n INT NOT NULL DEFAULT 0,
          PRIMARY KEY (id), UNIQUE KEY uq_name (name)
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE child (
          id INT NOT NULL,
          parent_id INT NULL,
          backup_parent INT NULL,
          v INT NOT NULL DEFAULT 0,
          PRIMARY KEY (id), KEY k_parent (parent_id), KEY k_backup (backup_parent),
          CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
          CONSTRAINT fk_backup FOREIGN KEY (backup_parent) REFERENCES parent (id) ON DELETE NO ACTION ON UPDATE NO ACTION
        ) ENGINE=InnoDB
        """,
        """
        CREATE TABLE ledger (
          id BIGINT NOT NULL AUTO_INCREMENT,
          acct INT NOT NULL,
          amount INT NOT NULL,
          pad VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '',
          PRIMARY KEY (id), KEY k_acct (acct)
        ) ENGINE=InnoDB
        """,
    ];

    /// <summary>The seed rows; the ledger's size decides how long the copy takes.</summary>
    public static IEnumerable<string> SeedStatements(int ledgerRows)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO acct (id, email, code, balance) SELECT seq, CONCAT('user', seq, '@seed'), IF(seq % 3 = 0, NULL, CONCAT('c', seq)), 1000 FROM seq_1_to_{SeedAccounts}");
        // The hot accounts hold one spelling of each class, so respelled writes meet them.
        for (var i = 0; i < Respellings.GeneralCi.Length && i < HotAccounts / 2; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"UPDATE acct SET email = {SqlLiteral.Quote(Email(Respellings.GeneralCi[i][0]))} WHERE id = {i + 1}");
        for (var i = 0; i < Respellings.UnicodeCi.Length && i < HotAccounts / 2; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"UPDATE acct SET code = {SqlLiteral.Quote(Code(Respellings.UnicodeCi[i][0]))} WHERE id = {HotAccounts / 2 + i + 1}");

        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO gword (w, alt, n) SELECT CONCAT('w', seq), IF(seq % 2 = 0, NULL, CONCAT('a', seq)), 0 FROM seq_1_to_{SeedWords}");
        yield return $"INSERT INTO gword (w, alt, n) VALUES {string.Join(", ", Respellings.GeneralCi.Select(static c => $"({SqlLiteral.Quote(c[0])}, NULL, 0)"))}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO uword (w, alt, n) SELECT CONCAT('w', seq), IF(seq % 2 = 0, NULL, CONCAT('a', seq)), 0 FROM seq_1_to_{SeedWords}");
        yield return $"INSERT INTO uword (w, alt, n) VALUES {string.Join(", ", Respellings.UnicodeCi.Select(static c => $"({SqlLiteral.Quote(c[0])}, NULL, 0)"))}";

        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO cell (r, c, x, y, v) SELECT seq DIV 20 + 1, CONCAT('c', seq % 20), IF(seq % 4 = 0, seq, NULL), IF(seq % 4 = 0, 1, NULL), 0 FROM seq_0_to_{CellRows * 20 - 1}");
        yield return $"INSERT INTO cell (r, c, v) VALUES {string.Join(", ", Enumerable.Range(1, 6).SelectMany(r => Respellings.GeneralCi.Select(c => string.Create(CultureInfo.InvariantCulture, $"({r}, {SqlLiteral.Quote(c[0])}, 0)"))))}";

        yield return string.Create(CultureInfo.InvariantCulture, $"INSERT INTO parent (id, name, n) SELECT seq, CONCAT('p', seq), 0 FROM seq_1_to_{SeedParents}");
        for (var i = 0; i < Respellings.GeneralCi.Length && i < SeedParents / 2; i++)
            yield return string.Create(CultureInfo.InvariantCulture, $"UPDATE parent SET name = {SqlLiteral.Quote(ParentName(i % 3, Respellings.GeneralCi[i][0]))} WHERE id = {i + 1}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO child (id, parent_id, backup_parent, v) SELECT seq, seq % {SeedParents} + 1, IF(seq % 5 = 0, seq % 7 + 1, NULL), 0 FROM seq_1_to_{SeedChildren}");

        yield return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO ledger (acct, amount, pad) SELECT seq % {LedgerAccounts}, seq, REPEAT(CHAR(97 + seq % 26), 150) FROM seq_1_to_{ledgerRows}");
    }

    /// <summary>An account's email for a spelling: the spelling last, so a trailing space stays trailing.</summary>
    public static string Email(string spelling) => "x@" + spelling;

    public static string Code(string spelling) => "1:" + spelling;

    public static string ParentName(int variant, string spelling) => string.Create(CultureInfo.InvariantCulture, $"{variant}-{spelling}");

    /// <summary>Creates the database and its seeded tables on the source.</summary>
    public static async Task CreateAsync(string sourceUri, string database, int ledgerRows, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(sourceUri, ct);
        await connection.ExecuteAsync("SET NAMES utf8mb4", ct);
        await connection.ExecuteAsync($"CREATE DATABASE {SqlLiteral.QuoteIdentifier(database)}", ct);
        await connection.ExecuteAsync($"USE {SqlLiteral.QuoteIdentifier(database)}", ct);
        foreach (var statement in CreateStatements)
            await connection.ExecuteAsync(statement, ct);
        foreach (var statement in SeedStatements(ledgerRows))
            await connection.ExecuteAsync(statement, ct);
    }

    /// <summary>
    /// Asks the server whether every class of <see cref="Respellings"/> is one value under its collation and whether
    /// different classes are different values; returns what it denies (empty when the classes hold).
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckRespellingsAsync(string uri, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(uri, ct);
        await connection.ExecuteAsync("SET NAMES utf8mb4", ct);
        var denied = new List<string>();
        foreach (var (collation, classes) in new[] { ("utf8mb4_general_ci", Respellings.GeneralCi), ("utf8mb4_unicode_ci", Respellings.UnicodeCi) })
        {
            for (var i = 0; i < classes.Length; i++)
            {
                foreach (var spelling in classes[i])
                {
                    if (!await EqualAsync(connection, classes[i][0], spelling, collation, ct))
                        denied.Add($"{collation}: '{classes[i][0]}' and '{spelling}' are different values");
                }

                for (var j = i + 1; j < classes.Length; j++)
                {
                    if (await EqualAsync(connection, classes[i][0], classes[j][0], collation, ct))
                        denied.Add($"{collation}: '{classes[i][0]}' and '{classes[j][0]}' are one value, yet in different classes");
                }
            }
        }

        return denied;
    }

    private static async Task<bool> EqualAsync(MySqlConnection connection, string a, string b, string collation, CancellationToken ct) =>
        Convert.ToInt64(await connection.QueryScalarAsync($"SELECT {SqlLiteral.Quote(a)} = {SqlLiteral.Quote(b)} COLLATE {collation}", ct), CultureInfo.InvariantCulture) == 1;
}
