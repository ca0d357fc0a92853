using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Tests.Binlog.Capture;

public sealed class StatementClassifierTests
{
    [Theory]
    [InlineData("BEGIN", "Begin")]
    [InlineData("COMMIT", "Commit")]
    [InlineData("commit /* implicit */", "Commit")]
    [InlineData("ROLLBACK", "Rollback")]
    [InlineData("ROLLBACK TO SAVEPOINT `a`", "Savepoint")]
    [InlineData("SAVEPOINT `a`", "Savepoint")]
    [InlineData("RELEASE SAVEPOINT a", "Savepoint")]
    [InlineData("XA START 'x'", "Xa")]
    [InlineData("XA PREPARE 'x'", "Xa")]
    [InlineData("/* app */ INSERT INTO t VALUES (1)", "Dml")]
    [InlineData("-- note\nupdate t set a = 1", "Dml")]
    [InlineData("# note\nDELETE FROM t", "Dml")]
    [InlineData("REPLACE INTO t VALUES (1)", "Dml")]
    [InlineData("LOAD DATA INFILE 'x' INTO TABLE t", "Dml")]
    [InlineData("/*!40000 ALTER TABLE t DISABLE KEYS */", "Other")]
    [InlineData("ALTER TABLE t ADD COLUMN c INT", "Other")]
    [InlineData("CREATE TABLE t (id INT)", "Other")]
    [InlineData("", "Other")]
    public void Statements_are_sorted_by_their_leading_keywords(string sql, string expected) =>
        Assert.Equal(expected, StatementClassifier.Classify(sql).ToString());
}
