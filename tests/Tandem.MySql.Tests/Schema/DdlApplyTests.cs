using Tandem.MySql.Schema;
using static Tandem.MySql.Tests.Schema.CatalogBuilder;

namespace Tandem.MySql.Tests.Schema;

public sealed class DdlApplyTests
{
    [Fact]
    public void Create_table_reads_columns_keys_and_options_through_comments_and_mixed_case()
    {
        var catalog = With("""
            /* made by a tool */ create TABLE IF NOT EXISTS `db`.`Users` (
              `id` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, -- the key
              `email` VarChar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
              `state` enum('new','it''s','a,b') DEFAULT 'new' COMMENT 'with, comma (and paren',
              `created` datetime(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE CURRENT_TIMESTAMP(3),
              # hash comment
              PRIMARY KEY (`id`), UNIQUE KEY `uq_email` (`email`(100)) USING BTREE,
              KEY `ix` (`state`, `created` DESC), FULLTEXT KEY (`email`),
              CONSTRAINT `chk` CHECK (`id` > 0)
            ) /*!50100 ENGINE=InnoDB */ AUTO_INCREMENT=5 DEFAULT CHARSET=latin1 ROW_FORMAT=DYNAMIC COMMENT='x'
              PARTITION BY HASH (id) PARTITIONS 4;
            """);
        var table = catalog.Find("db", "Users")!;
        Assert.Equal(["id", "email", "state", "created"], table.Columns.Select(static c => c.Name));
        Assert.Equal("bigint(20) unsigned", table.Columns[0].ColumnType);
        Assert.False(table.Columns[0].Nullable);
        Assert.Equal(("utf8mb4", "utf8mb4_bin"), (table.Columns[1].CharacterSet, table.Columns[1].Collation));
        Assert.Equal(["new", "it's", "a,b"], table.Columns[2].Values);
        Assert.Equal("enum('new','it''s','a,b')", table.Columns[2].ColumnType);
        Assert.Equal(("latin1", "latin1_swedish_ci"), (table.Columns[2].CharacterSet, table.Columns[2].Collation));
        Assert.Equal(3, table.Columns[3].FractionDigits);
        Assert.Equal(["id"], table.PrimaryKey!.Columns);
        Assert.Equal(["uq_email"], table.UniqueKeys.Select(static k => k.Name));
        Assert.Equal(["PRIMARY", "uq_email", "ix", "email"], table.Indexes.Select(static k => k.Name));
    }

    [Fact]
    public void Text_columns_inherit_column_then_table_then_database_then_server_defaults()
    {
        var catalog = With(
            "CREATE DATABASE other CHARACTER SET latin1",
            "CREATE TABLE other.t1 (a VARCHAR(3), b VARCHAR(3) CHARSET utf8mb4, c VARCHAR(3) COLLATE utf8mb4_unicode_ci, d VARCHAR(3) BINARY)",
            "CREATE TABLE other.t2 (a TEXT) COLLATE utf8mb3_unicode_ci",
            "CREATE DATABASE third");
        var t1 = catalog.Find("other", "t1")!;
        Assert.Equal(["latin1_swedish_ci", "utf8mb4_general_ci", "utf8mb4_unicode_ci", "latin1_bin"], t1.Columns.Select(static c => c.Collation));
        Assert.Equal("utf8mb3", catalog.Find("other", "t2")!.Columns[0].CharacterSet);
        Assert.Equal(("utf8mb4", "utf8mb4_general_ci"), catalog.DatabaseDefaults("third"));
    }

    [Fact]
    public void Multi_spec_alter_applies_in_order_with_first_and_after()
    {
        var catalog = With(
            "CREATE TABLE t (a INT, b INT, c INT)",
            "ALTER TABLE t ADD COLUMN z INT FIRST, ADD y INT AFTER a, DROP COLUMN b, ADD (p INT, q INT), MODIFY c BIGINT FIRST, ALGORITHM=INPLACE, LOCK=NONE");
        Assert.Equal(["c", "z", "a", "y", "p", "q"], ColumnNames(catalog, "t"));
        Assert.Equal("bigint", catalog.Find("db", "t")!.Columns[0].DataType);
    }

    [Fact]
    public void Change_renames_the_column_everywhere_keys_name_it()
    {
        var catalog = With(
            "CREATE TABLE t (a INT NOT NULL, b VARCHAR(5), PRIMARY KEY (a), KEY kb (b, a))",
            "ALTER TABLE t CHANGE a id BIGINT NOT NULL, CHANGE COLUMN b name VARCHAR(10) AFTER id",
            "ALTER TABLE t RENAME COLUMN name TO label");
        var table = catalog.Find("db", "t")!;
        Assert.Equal(["id", "label"], table.Columns.Select(static c => c.Name));
        Assert.Equal(["id"], table.PrimaryKey!.Columns);
        Assert.Equal(["label", "id"], table.Indexes.Single(static i => i.Name == "kb").Columns);
    }

    [Fact]
    public void Column_names_compare_case_insensitively()
    {
        var catalog = With("CREATE TABLE t (Amount INT)", "ALTER TABLE t MODIFY AMOUNT BIGINT, ADD KEY (amount)");
        var table = catalog.Find("db", "t")!;
        Assert.Equal("AMOUNT", table.Columns[0].Name);
        Assert.Equal(0, table.IndexOf("amount"));
        Assert.Equal(["AMOUNT"], table.Indexes[0].Columns);
    }

    [Fact]
    public void Primary_key_changes_make_key_columns_not_null()
    {
        var catalog = With(
            "CREATE TABLE t (a INT, b INT, UNIQUE (a))",
            "ALTER TABLE t ADD PRIMARY KEY (a, b)");
        var table = catalog.Find("db", "t")!;
        Assert.All(table.Columns, static c => Assert.False(c.Nullable));
        Assert.Equal(["a", "b"], table.PrimaryKey!.Columns);

        catalog = Apply(catalog, "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (b)").Catalog;
        Assert.Equal(["b"], catalog.Find("db", "t")!.PrimaryKey!.Columns);
        Assert.Equal(["a"], catalog.Find("db", "t")!.UniqueKeys.Single().Columns);
    }

    [Fact]
    public void Unnamed_keys_are_named_after_their_first_column_made_unique()
    {
        var table = With("CREATE TABLE t (a INT UNIQUE, b INT, KEY (a), KEY (a, b), INDEX (b))").Find("db", "t")!;
        Assert.Equal(["a", "a_2", "a_3", "b"], table.Indexes.Select(static i => i.Name));
    }

    [Fact]
    public void Dropping_a_column_takes_it_out_of_its_keys()
    {
        var table = With("CREATE TABLE t (a INT, b INT, c INT, KEY k (a, b), UNIQUE u (c))", "ALTER TABLE t DROP b, DROP COLUMN c").Find("db", "t")!;
        Assert.Equal(["k"], table.Indexes.Select(static i => i.Name));
        Assert.Equal(["a"], table.Indexes[0].Columns);
    }

    [Fact]
    public void A_rename_chain_swaps_two_tables()
    {
        var catalog = With("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
        var result = Apply(catalog, "RENAME TABLE a TO tmp, b TO a, tmp TO b");
        Assert.Equal(SchemaChangeKind.RenameTable, result.Kind);
        Assert.Equal(["y"], ColumnNames(result.Catalog, "a"));
        Assert.Equal(["x"], ColumnNames(result.Catalog, "b"));
        Assert.Null(result.Catalog.Find("db", "tmp"));
        Assert.Equal(3, result.Tables.Count);
    }

    [Fact]
    public void Alter_rename_moves_a_table_to_another_database()
    {
        var catalog = With("CREATE DATABASE archive", "CREATE TABLE t (x INT)");
        var result = Apply(catalog, "ALTER TABLE t ADD y INT, RENAME TO archive.t_old");
        Assert.Null(result.Catalog.Find("db", "t"));
        Assert.Equal(["x", "y"], ColumnNames(result.Catalog, "t_old", "archive"));
        Assert.Equal(new TableChange(new TableName("db", "t"), new TableName("archive", "t_old")), result.Tables.Single());
    }

    [Fact]
    public void Drop_table_and_drop_database_list_what_they_removed()
    {
        var catalog = With("CREATE TABLE a (x INT)", "CREATE TABLE b (x INT)");
        var drop = Apply(catalog, "DROP TABLE IF EXISTS a, missing /* generated by server */");
        Assert.Equal([new TableChange(new TableName("db", "a"), null)], drop.Tables);
        var dropDb = Apply(drop.Catalog, "DROP SCHEMA db");
        Assert.Equal(SchemaChangeKind.DropDatabase, dropDb.Kind);
        Assert.Equal([new TableChange(new TableName("db", "b"), null)], dropDb.Tables);
        Assert.False(dropDb.Catalog.HasDatabase("db"));
    }

    [Fact]
    public void Create_table_like_copies_and_create_table_select_asks_for_a_reload()
    {
        var catalog = With("CREATE TABLE src (a INT PRIMARY KEY, b TEXT)", "CREATE TABLE copy LIKE src");
        Assert.Equal(["a", "b"], ColumnNames(catalog, "copy"));
        Assert.Equal("copy", catalog.Find("db", "copy")!.Name);

        var select = Apply(catalog, "CREATE TABLE summary AS SELECT a, COUNT(*) AS n FROM src GROUP BY a");
        Assert.Equal(SchemaChangeKind.CreateTable, select.Kind);
        Assert.Equal([new TableName("db", "summary")], select.Reload);
        Assert.Null(select.Catalog.Find("db", "summary"));
    }

    [Fact]
    public void Create_and_drop_index_statements_change_the_table()
    {
        var catalog = With("CREATE TABLE t (a INT, b INT)");
        var create = Apply(catalog, "CREATE UNIQUE INDEX ux ON t (a, b) ALGORITHM=INPLACE");
        Assert.Equal(SchemaChangeKind.CreateIndex, create.Kind);
        Assert.Equal(["a", "b"], create.Catalog.Find("db", "t")!.UniqueKeys.Single().Columns);
        var drop = Apply(create.Catalog, "DROP INDEX ux ON db.t");
        Assert.Equal(SchemaChangeKind.DropIndex, drop.Kind);
        Assert.Empty(drop.Catalog.Find("db", "t")!.Indexes);
    }

    [Fact]
    public void Mariadb_json_is_longtext_with_is_json()
    {
        var table = With("CREATE TABLE t (doc JSON, raw LONGTEXT CHECK (json_valid(raw)), other LONGTEXT)").Find("db", "t")!;
        Assert.Equal(["longtext", "longtext", "longtext"], table.Columns.Select(static c => c.DataType));
        Assert.Equal([true, true, false], table.Columns.Select(static c => c.IsJson));
        Assert.Equal("utf8mb4_bin", table.Columns[0].Collation);
    }

    [Fact]
    public void Convert_to_character_set_grows_text_to_keep_its_length_in_characters()
    {
        var table = With("CREATE TABLE t (a TEXT, b VARCHAR(5), c INT) CHARSET latin1", "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4").Find("db", "t")!;
        Assert.Equal(["mediumtext", "varchar", "int"], table.Columns.Select(static c => c.DataType));
        Assert.Equal(["utf8mb4", "utf8mb4", null], table.Columns.Select(static c => c.CharacterSet));
    }

    [Theory]
    [InlineData("CREATE VIEW v AS SELECT 1")]
    [InlineData("CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1")]
    [InlineData("CREATE DEFINER=`u`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1")]
    [InlineData("CREATE PROCEDURE p() BEGIN SELECT 1; END")]
    [InlineData("CREATE USER 'u'@'%' IDENTIFIED BY 'x'")]
    [InlineData("GRANT ALL ON db.* TO 'u'@'%'")]
    [InlineData("FLUSH PRIVILEGES")]
    [InlineData("ANALYZE TABLE t")]
    [InlineData("OPTIMIZE TABLE t")]
    [InlineData("SET @a = 1")]
    [InlineData("BEGIN")]
    [InlineData("COMMIT")]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("CREATE TEMPORARY TABLE tmp (a INT)")]
    [InlineData("DROP TEMPORARY TABLE IF EXISTS tmp")]
    [InlineData("DROP VIEW IF EXISTS v")]
    [InlineData("ALTER SEQUENCE s RESTART 1")]
    [InlineData("/* only a comment */")]
    public void Statements_that_change_no_table_are_recognised_and_ignored(string sql)
    {
        var catalog = With("CREATE TABLE t (a INT)");
        var result = catalog.Apply("db", sql);
        Assert.Equal(SchemaChangeKind.None, result.Kind);
        Assert.False(result.ChangesTables);
        Assert.Same(catalog, result.Catalog);
    }

    [Fact]
    public void An_alter_clause_the_parser_does_not_know_is_unparsed_with_the_table_to_reload()
    {
        var catalog = With("CREATE TABLE t (a INT)");
        var result = catalog.Apply("db", "ALTER TABLE t ADD COLUMN b INT, FROBNICATE x");
        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
        Assert.Equal([new TableName("db", "t")], result.Reload);
        Assert.Contains("FROBNICATE", result.Problem, StringComparison.Ordinal);
        Assert.Same(catalog, result.Catalog);
    }

    [Fact]
    public void An_unknown_statement_is_unparsed_without_tables()
    {
        var result = With().Apply("db", "MERGE INTO t USING s ON (1=1)");
        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
        Assert.Empty(result.Reload);
    }

    [Fact]
    public void A_statement_that_contradicts_the_model_is_unparsed()
    {
        var result = With("CREATE TABLE t (a INT)").Apply("db", "ALTER TABLE t DROP COLUMN nope");
        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
        Assert.Equal([new TableName("db", "t")], result.Reload);
    }

    [Fact]
    public void Altering_a_table_the_model_does_not_hold_asks_for_a_reload()
    {
        var result = Apply(With(), "ALTER TABLE filtered_out ADD x INT");
        Assert.Equal([new TableName("db", "filtered_out")], result.Reload);
    }

    [Fact]
    public void Unqualified_names_need_a_default_database()
    {
        var catalog = With("CREATE TABLE t (a INT)");
        Assert.Equal(SchemaChangeKind.Unparsed, catalog.Apply(null, "ALTER TABLE t ADD b INT").Kind);
        Assert.Equal(["a", "b"], ColumnNames(Apply(catalog, "ALTER TABLE db.t ADD b INT", database: null).Catalog, "t"));
    }

    [Fact]
    public void Table_names_follow_lower_case_table_names()
    {
        var sensitive = With("CREATE TABLE Orders (a INT)");
        Assert.NotNull(sensitive.Find("db", "Orders"));
        Assert.Null(sensitive.Find("db", "orders"));

        var lowered = WithOptions(SchemaCatalogOptions.MariaDbDefaults with { LowerCaseTableNames = 1 }, "CREATE TABLE Orders (a INT)", "ALTER TABLE ORDERS ADD b INT");
        Assert.Equal("orders", lowered.Find("DB", "ORDERS")!.Name);
        Assert.Equal(["a", "b"], ColumnNames(lowered, "orders"));
    }

    [Fact]
    public void Applying_shares_every_untouched_table()
    {
        var catalog = With("CREATE TABLE a (x INT)", "CREATE TABLE b (x INT)");
        var next = Apply(catalog, "ALTER TABLE a ADD y INT").Catalog;
        Assert.Same(catalog.Find("db", "b"), next.Find("db", "b"));
        Assert.Single(catalog.Find("db", "a")!.Columns);
    }

    [Theory]
    [InlineData("int unsigned zerofill", "int(10) unsigned zerofill")]
    [InlineData("bool", "tinyint(1)")]
    [InlineData("numeric(8)", "decimal(8,0)")]
    [InlineData("float(30)", "double")]
    [InlineData("double precision(10,2)", "double(10,2)")]
    [InlineData("long varchar", "mediumtext")]
    [InlineData("text(50)", "tinytext")]
    [InlineData("text(20000)", "mediumtext")]
    [InlineData("blob(300)", "blob")]
    [InlineData("char(4) byte", "binary(4)")]
    [InlineData("timestamp(6)", "timestamp(6)")]
    [InlineData("year", "year(4)")]
    [InlineData("serial", "bigint(20) unsigned")]
    [InlineData("set('a','b')", "set('a','b')")]
    public void Types_are_spelled_as_mariadb_reports_them(string declared, string columnType)
    {
        var table = With($"CREATE TABLE t (c {declared})").Find("db", "t")!;
        Assert.Equal(columnType, table.Columns[0].ColumnType);
    }

    [Fact]
    public void Mysql_types_drop_integer_display_widths_and_keep_json()
    {
        var options = SchemaCatalogOptions.MariaDbDefaults with { IsMariaDb = false };
        var table = WithOptions(options, "CREATE TABLE t (a INT, b TINYINT(1), c INT(5) ZEROFILL, d JSON, e YEAR)").Find("db", "t")!;
        Assert.Equal(["int", "tinyint(1)", "int(5) unsigned zerofill", "json", "year"], table.Columns.Select(static c => c.ColumnType));
        Assert.True(table.Columns[3].IsJson);
        Assert.Null(table.Columns[3].CharacterSet);
    }
}
