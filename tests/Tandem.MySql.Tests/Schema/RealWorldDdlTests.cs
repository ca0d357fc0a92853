using Tandem.MySql.Schema;
using static Tandem.MySql.Tests.Schema.CatalogBuilder;

namespace Tandem.MySql.Tests.Schema;

/// <summary>Statements as tools and servers really write them into the binlog.</summary>
public sealed class RealWorldDdlTests
{
    [Fact]
    public void A_gh_ost_migration_ends_with_the_new_shape_under_the_old_name()
    {
        var catalog = With(
            "CREATE TABLE `orders` (`id` int NOT NULL, `total` decimal(10,2), PRIMARY KEY (`id`))",
            "create /* gh-ost */ table `db`.`_orders_gho` like `db`.`orders`",
            "alter /* gh-ost */ table `db`.`_orders_gho` add column `note` varchar(64) not null default ''",
            "create /* gh-ost */ table `db`.`_orders_ghc` (\n id bigint auto_increment,\n last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n hint varchar(64) charset ascii not null,\n value varchar(4096) charset ascii not null,\n primary key(id),\n unique key hint_uidx(hint)\n) auto_increment=256 comment='gh-ost changelog'",
            "rename /* gh-ost */ table `db`.`orders` to `db`.`_orders_del`, `db`.`_orders_gho` to `db`.`orders`",
            "drop /* gh-ost */ table if exists `db`.`_orders_del`",
            "drop /* gh-ost */ table if exists `db`.`_orders_ghc`");
        Assert.Equal(["id", "total", "note"], ColumnNames(catalog, "orders"));
        Assert.Equal(["orders"], catalog.Tables.Select(static t => t.Name));
    }

    [Fact]
    public void A_pt_online_schema_change_run_is_followed()
    {
        var catalog = With(
            "CREATE TABLE t (id INT PRIMARY KEY, a INT)",
            "CREATE TABLE `db`.`_t_new` (\n  `id` int(11) NOT NULL,\n  `a` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            "ALTER TABLE `db`.`_t_new` MODIFY a BIGINT",
            "CREATE TRIGGER `pt_osc_db_t_ins` AFTER INSERT ON `db`.`t` FOR EACH ROW REPLACE INTO `db`.`_t_new` (`id`, `a`) VALUES (NEW.`id`, NEW.`a`)",
            "RENAME TABLE `db`.`t` TO `db`.`_t_old`, `db`.`_t_new` TO `db`.`t`",
            "DROP TABLE IF EXISTS `db`.`_t_old`",
            "DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_ins`");
        Assert.Equal("bigint", catalog.Find("db", "t")!.Columns[1].DataType);
    }

    [Fact]
    public void A_mysqldump_prologue_and_table_are_followed()
    {
        var catalog = With(
            "/*!40101 SET @saved_cs_client     = @@character_set_client */",
            "DROP TABLE IF EXISTS `t`",
            "CREATE TABLE `t` (\n  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n  `body` mediumtext COLLATE utf8mb4_unicode_ci,\n  PRIMARY KEY (`id`),\n  KEY `x` (`body`(10))\n) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci \n/*!50100 PARTITION BY RANGE (id)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB) */",
            "/*!40000 ALTER TABLE `t` DISABLE KEYS */",
            "/*!40000 ALTER TABLE `t` ENABLE KEYS */");
        Assert.Equal("utf8mb4_unicode_ci", catalog.Find("db", "t")!.Columns[1].Collation);
    }

    [Fact]
    public void An_unknown_table_option_is_not_guessed_at()
    {
        var result = With().Apply("db", "CREATE TABLE t (a INT) /*!99999 SOME_FUTURE_OPTION=1 */");
        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
        Assert.Equal([new TableName("db", "t")], result.Reload);
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0 COMMENT 'new' AFTER a", new[] { "a", "c", "b" })]
    [InlineData("ALTER TABLE t MODIFY COLUMN a INT NULL DEFAULT NULL", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t CHANGE COLUMN a a INT UNSIGNED NOT NULL AUTO_INCREMENT FIRST, ADD KEY (a)", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t ADD COLUMN type VARCHAR(3), ADD COLUMN `date` DATE, ADD status INT", new[] { "a", "b", "type", "date", "status" })]
    [InlineData("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (b) REFERENCES p(id) ON DELETE SET NULL ON UPDATE NO ACTION", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t ENGINE=InnoDB, ALGORITHM=INPLACE, LOCK=SHARED", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t AUTO_INCREMENT = 100", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t COMMENT 'x' ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t ADD COLUMN h INT INVISIBLE, ADD COLUMN d DATETIME DEFAULT (NOW()) AFTER a", new[] { "a", "d", "b", "h" })]
    [InlineData("ALTER TABLE t ADD COLUMN u CHAR(36) DEFAULT (uuid()) FIRST", new[] { "u", "a", "b" })]
    [InlineData("ALTER ONLINE IGNORE TABLE IF EXISTS t DROP COLUMN IF EXISTS zz, WAIT 5", new[] { "a", "b" })]
    [InlineData("ALTER TABLE t ORDER BY b, FORCE", new[] { "a", "b" })]
    public void Common_alter_forms_are_followed(string sql, string[] columns)
    {
        var catalog = With("CREATE TABLE t (a INT, b INT)");
        Assert.Equal(columns, ColumnNames(Apply(catalog, sql).Catalog, "t"));
    }

    [Theory]
    [InlineData("CREATE TABLE v (a INT) WITH SYSTEM VERSIONING")]
    [InlineData("CREATE TABLE v (a INT WITH SYSTEM VERSIONING)")]
    public void Tables_with_columns_the_text_does_not_name_are_reloaded(string sql)
    {
        var result = Apply(With(), sql);
        Assert.Equal(SchemaChangeKind.CreateTable, result.Kind);
        Assert.Single(result.Reload);
    }

    [Theory]
    [InlineData("CREATE SEQUENCE s START WITH 1")]
    [InlineData("CREATE OR REPLACE SEQUENCE IF NOT EXISTS s INCREMENT BY 10 CACHE 100 NOCYCLE")]
    public void A_sequence_is_a_table_of_its_fixed_columns_marked_as_a_sequence_without_a_server_read(string sql)
    {
        var result = Apply(With(), sql);

        Assert.Equal(SchemaChangeKind.CreateTable, result.Kind);
        Assert.Empty(result.Reload);
        var sequence = result.Catalog.Find("db", "s");
        Assert.NotNull(sequence);
        Assert.True(sequence.IsSequence);
        Assert.Equal(["next_not_cached_value", "minimum_value", "maximum_value", "start_value", "increment", "cache_size", "cycle_option", "cycle_count"], sequence.Columns.Select(static c => c.Name));
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD SYSTEM VERSIONING")]
    [InlineData("ALTER TABLE t DROP SYSTEM VERSIONING")]
    [InlineData("ALTER TABLE t ADD COLUMN v INT, WITH SYSTEM VERSIONING")]
    public void Versioning_changes_are_unparsed_so_the_table_is_reloaded(string sql)
    {
        var result = With("CREATE TABLE t (a INT)").Apply("db", sql);
        Assert.Equal(SchemaChangeKind.Unparsed, result.Kind);
        Assert.Equal([new TableName("db", "t")], result.Reload);
    }
}
