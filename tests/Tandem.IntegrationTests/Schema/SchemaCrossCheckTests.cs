using Tandem.IntegrationTests.Fixtures;
using Tandem.MySql.Protocol;
using Tandem.MySql.Schema;

namespace Tandem.IntegrationTests.Schema;

/// <summary>
/// The proof that the model follows the server: every statement runs on MariaDB and is applied to the model,
/// then the database is reloaded from information_schema and must describe exactly the same.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SchemaCrossCheckTests(MariaDbFixture db)
{
    public static TheoryData<string, string[]> Scripts => new()
    {
        {
            "types", [
                "CREATE TABLE ints (a TINYINT, b SMALLINT UNSIGNED, c MEDIUMINT(5) ZEROFILL, d INT, e INTEGER UNSIGNED, f BIGINT, g BOOL, h BIT, i BIT(12), j SERIAL)",
                "CREATE TABLE nums (a DECIMAL, b DECIMAL(12,4) UNSIGNED, c NUMERIC(5), d FLOAT, e FLOAT(7,3), f DOUBLE, g DOUBLE PRECISION, h REAL, i FLOAT(30), j DEC(65,30))",
                "CREATE TABLE texts (a CHAR, b CHAR(10), c VARCHAR(300), d BINARY(4), e VARBINARY(9), f TINYTEXT, g TEXT, h MEDIUMTEXT, i LONGTEXT, j TINYBLOB, k BLOB, l MEDIUMBLOB, m LONGBLOB, n TEXT(100), o NATIONAL CHAR(3), p NVARCHAR(5))",
                "CREATE TABLE times (a DATE, b TIME, c TIME(3), d DATETIME, e DATETIME(6), f TIMESTAMP NULL, g TIMESTAMP(2) NULL DEFAULT NULL, h YEAR)",
                "CREATE TABLE enums (a ENUM('x','y z','it''s','a,b'), b SET('r','w','x') NOT NULL DEFAULT 'r', c ENUM(\"dq\",'sq') CHARACTER SET latin1)",
                "CREATE TABLE misc (id INT PRIMARY KEY, doc JSON, g GEOMETRY, p POINT, u UUID, ip INET6, v INT AS (id * 2) VIRTUAL, s VARCHAR(10) AS (CONCAT('x', id)) PERSISTENT)",
            ]
        },
        {
            "alter", [
                "create table t1 (id int not null auto_increment, name varchar(20), primary key (id)) engine=InnoDB default charset=latin1",
                "ALTER TABLE t1 ADD COLUMN age INT UNSIGNED NOT NULL DEFAULT 0 AFTER id, ADD email VARCHAR(100) FIRST",
                "alter table t1 add (x1 int, x2 varchar(5) charset utf8mb4), algorithm=inplace, lock=none",
                "ALTER TABLE t1 MODIFY name VARCHAR(50) NOT NULL, CHANGE COLUMN age years SMALLINT",
                "ALTER TABLE t1 DROP COLUMN x1, DROP x2, ADD UNIQUE KEY uq_email (email), ADD INDEX (name, years)",
                "ALTER TABLE t1 RENAME COLUMN years TO age, RENAME INDEX uq_email TO email_unique",
                "ALTER TABLE t1 ALTER COLUMN age SET DEFAULT 18, ALTER COLUMN name DROP DEFAULT, ENGINE=InnoDB",
                "ALTER TABLE t1 DROP PRIMARY KEY, ADD PRIMARY KEY (id, email)",
                "ALTER TABLE t1 MODIFY email VARCHAR(100) COLLATE latin1_bin AFTER age, ADD COLUMN IF NOT EXISTS age INT",
                "ALTER TABLE t1 DROP COLUMN IF EXISTS nope, DROP INDEX name, DEFAULT CHARSET = utf8mb4",
                "ALTER TABLE t1 ADD COLUMN note TEXT",
                "ALTER TABLE t1 CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "ALTER TABLE /* why */ `t1` ADD `we``ird` INT -- trailing\n",
                "/*!40000 ALTER TABLE t1 DISABLE KEYS */",
                "CREATE INDEX ix_age ON t1 (age DESC)",
                "CREATE UNIQUE INDEX ux_note ON t1 (note(20))",
                "DROP INDEX ix_age ON t1",
                "ALTER TABLE t1 DROP INDEX ux_note, ADD CONSTRAINT uq2 UNIQUE (age, name)",
            ]
        },
        {
            "keys", [
                "CREATE TABLE parent (id INT PRIMARY KEY, code CHAR(3) UNIQUE, code2 CHAR(3), UNIQUE (code2), KEY (code, code2))",
                "CREATE TABLE child (id BIGINT UNSIGNED NOT NULL, pid INT, CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE, PRIMARY KEY (id))",
                "ALTER TABLE child ADD COLUMN pcode CHAR(3), ADD FOREIGN KEY (pcode) REFERENCES parent (code)",
                "ALTER TABLE child DROP FOREIGN KEY fk_p",
                "CREATE TABLE nopk (a INT, b INT, UNIQUE KEY (a), UNIQUE KEY (a, b))",
                "ALTER TABLE nopk ADD PRIMARY KEY (b)",
                "CREATE TABLE dup (a INT, b INT, UNIQUE KEY (a), UNIQUE KEY (a), KEY (b), KEY b_2x (b))",
                "ALTER TABLE dup ADD COLUMN c INT UNIQUE, ADD COLUMN d INT PRIMARY KEY",
                "CREATE TABLE fk2 (id INT, pid INT, FOREIGN KEY fkidx (pid) REFERENCES parent (id))",
                "CREATE TABLE fk3 (id INT, pid INT, KEY (pid, id), CONSTRAINT c3 FOREIGN KEY (pid) REFERENCES parent (id))",
                "CREATE TABLE labels (e ENUM('a\\\\b', 'c\"d', 'tab\\there', ' sp '), s SET('x''y'))",
            ]
        },
        {
            "prefixes", [
                "CREATE TABLE px (id INT PRIMARY KEY, a VARCHAR(100), b TEXT, c VARBINARY(50), d CHAR(8), UNIQUE KEY ua (a(10)), KEY kb (b(20)), UNIQUE KEY uc (c(4), id))",
                "ALTER TABLE px ADD UNIQUE KEY ud (d(8)), ADD UNIQUE KEY uad (a(3), d(2))",
                "CREATE UNIQUE INDEX ub ON px (b(100))",
                "ALTER TABLE px ADD COLUMN e INT, ADD KEY kbe (e, b(10))",
                "ALTER TABLE px DROP COLUMN e",
                "ALTER TABLE px MODIFY a VARCHAR(200)",
                "ALTER TABLE px MODIFY d CHAR(2)",
                "CREATE TABLE pk_prefix (t TEXT NOT NULL, n INT, PRIMARY KEY (t(32)))",
            ]
        },
        {
            "renames", [
                "CREATE TABLE a (x INT)",
                "CREATE TABLE b (y VARCHAR(3))",
                "RENAME TABLE a TO tmp, b TO a, tmp TO b",
                "ALTER TABLE b RENAME TO c",
                "ALTER TABLE c RENAME AS d, ADD COLUMN z INT",
                "CREATE TABLE IF NOT EXISTS d (q INT)",
                "CREATE TABLE e LIKE d",
                "TRUNCATE TABLE e",
                "DROP TABLE IF EXISTS a, nothere",
                "CREATE OR REPLACE TABLE e (only_col INT)",
                "CREATE TABLE j (id INT, doc LONGTEXT CHECK (json_valid(doc)), other LONGTEXT, CONSTRAINT ck CHECK (json_valid(other)))",
                "CREATE VIEW v AS SELECT * FROM d",
                "GRANT SELECT ON *.* TO CURRENT_USER",
            ]
        },
        {
            "charsets", [
                "ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_general_ci",
                "CREATE TABLE l (a VARCHAR(5), b CHAR(2) CHARACTER SET utf8mb4, c TEXT COLLATE utf8mb4_bin, d VARCHAR(3) BINARY, e ENUM('a'))",
                "CREATE TABLE m (a VARCHAR(5)) CHARSET=utf8 COLLATE=utf8_unicode_ci",
                "CREATE TABLE n (a TINYTEXT, b TEXT, c MEDIUMTEXT, d VARCHAR(4)) DEFAULT CHARACTER SET = latin1",
                "ALTER TABLE n CONVERT TO CHARACTER SET utf8mb4",
                "CREATE TABLE o (a CHAR(4) CHARACTER SET binary, b TEXT CHARACTER SET binary, c VARCHAR(3) CHARSET ascii)",
                "ALTER TABLE o ADD d VARCHAR(2), DEFAULT COLLATE utf8mb4_unicode_ci, ADD e VARCHAR(2)",
                "ALTER TABLE l ADD f TINYTEXT, CONVERT TO CHARACTER SET utf8mb3",
            ]
        },
        {
            "noise", [
                "CREATE TABLE p (id INT NOT NULL, d DATE, PRIMARY KEY (id)) PARTITION BY HASH(id) PARTITIONS 4",
                "ALTER TABLE p COALESCE PARTITION 2",
                "ALTER TABLE p REMOVE PARTITIONING",
                "ALTER TABLE p ADD COLUMN c2 INT FIRST, ALGORITHM=COPY",
                "CREATE TABLE r (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)",
                "ALTER TABLE r DROP PARTITION p0",
                "ALTER TABLE r TRUNCATE PARTITION p1",
                "CREATE TABLE IF NOT EXISTS `Mixed Case` (`Col A` int COMMENT 'c,(' , `col``b` varchar(3) DEFAULT 'x)y' NOT NULL) COMMENT='t' ROW_FORMAT=DYNAMIC",
                "ALTER TABLE `Mixed Case` CHANGE `Col A` `col_a` BIGINT NOT NULL FIRST",
                "ALTER TABLE `Mixed Case` MODIFY COLUMN `col``b` varchar(10) AFTER col_a, ADD KEY `k``1` (`col``b`(2))",
                "CREATE TABLE ts (id INT, t TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), d DATETIME DEFAULT NOW())",
                "CREATE TABLE def (a INT DEFAULT -1, b VARCHAR(5) DEFAULT _utf8mb4'q', c DOUBLE DEFAULT 1.5e3, d BIT(3) DEFAULT b'101', e INT DEFAULT (1+2), f INT CHECK (f > 0), g INT INVISIBLE)",
                "ALTER TABLE ts ADD COLUMN IF NOT EXISTS id INT, DROP COLUMN IF EXISTS nope, MODIFY IF EXISTS nope2 INT",
                "ALTER TABLE def ADD CONSTRAINT chk CHECK (a < 100)",
                "ALTER TABLE def DROP CONSTRAINT chk",
                "ALTER TABLE def ADD COLUMN j JSON, ADD COLUMN k INT AFTER a",
                "ALTER TABLE def MODIFY j LONGTEXT",
                "OPTIMIZE TABLE def",
                "ANALYZE TABLE def",
                "ALTER TABLE def FORCE",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task The_model_matches_information_schema_after_every_statement(string script, string[] statements)
    {
        var database = await db.CreateDatabaseAsync("schema_" + script);
        await using var connection = await MySqlConnection.OpenAsync($"{db.Server.Uri}/{database}");
        var model = await SchemaLoader.LoadAsync(connection, (d, _) => d == database, CancellationToken.None);

        foreach (var statement in statements)
        {
            await connection.ExecuteAsync(statement);
            var result = model.Apply(database, statement);
            Assert.True(result.Kind != SchemaChangeKind.Unparsed, $"{statement}: {result.Problem}");
            Assert.Empty(result.Reload);
            model = result.Catalog;

            var server = await SchemaLoader.LoadAsync(connection, (d, _) => d == database, CancellationToken.None);
            var expected = SchemaDescription.Describe(server, database);
            var actual = SchemaDescription.Describe(model, database);
            Assert.True(expected == actual, $"after: {statement}\n--- server ---\n{expected}--- model ---\n{actual}");
        }
    }
}
