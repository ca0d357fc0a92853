namespace Tandem.MySql.Schema.Ddl;

/// <summary>Keyword sets the parser dispatches on; all upper case, compared case-insensitively.</summary>
internal static class DdlKeywords
{
    /// <summary>Statements that never change a table's structure.</summary>
    public static readonly HashSet<string> IgnoredStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
        "XA", "SET", "GRANT", "REVOKE", "FLUSH", "ANALYZE", "OPTIMIZE", "CHECK", "CHECKSUM", "REPAIR", "LOCK",
        "UNLOCK", "DO", "CALL", "LOAD", "HANDLER", "KILL", "INSTALL", "UNINSTALL", "SHOW", "USE", "PURGE", "RESET",
        "CHANGE", "START", "STOP", "SHUTDOWN", "HELP", "EXPLAIN", "DESCRIBE", "DESC", "DEALLOCATE", "PREPARE",
        "EXECUTE", "BINLOG", "WITH", "VALUES", "CACHE", "BACKUP", "SIGNAL", "RESIGNAL", "GET", "CLONE", "IMPORT",
    };

    /// <summary>Objects of CREATE/ALTER/DROP that are not tables, plus the clauses only views and routines take.</summary>
    public static readonly HashSet<string> NonTableObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE",
        "RESOURCE", "PACKAGE", "SYNONYM", "INSTANCE", "DEFINER", "ALGORITHM", "SQL", "AGGREGATE", "UNDO", "PREPARE",
    };

    /// <summary>Table options whose value Tandem skips: name [=] value (https://mariadb.com/kb/en/create-table/#table-options).</summary>
    public static readonly HashSet<string> TableOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "ENGINE", "TYPE", "AUTO_INCREMENT", "AVG_ROW_LENGTH", "CHECKSUM", "TABLE_CHECKSUM", "COMMENT", "COMPRESSION",
        "CONNECTION", "DELAY_KEY_WRITE", "ENCRYPTED", "ENCRYPTION", "ENCRYPTION_KEY_ID", "IETF_QUOTES",
        "INSERT_METHOD", "KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "PAGE_CHECKSUM", "PAGE_COMPRESSED",
        "PAGE_COMPRESSION_LEVEL", "PASSWORD", "ROW_FORMAT", "SEQUENCE", "STATS_AUTO_RECALC", "STATS_PERSISTENT",
        "STATS_SAMPLE_PAGES", "TABLESPACE", "TRANSACTIONAL", "UNION", "STORAGE", "ENGINE_ATTRIBUTE",
        "SECONDARY_ENGINE", "SECONDARY_ENGINE_ATTRIBUTE", "AUTOEXTEND_SIZE",
    };

    /// <summary>Words that begin an ALTER TABLE clause, so a name list (DROP PARTITION p1, p2) stops before them.</summary>
    public static readonly HashSet<string> AlterClauseStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "DROP", "MODIFY", "CHANGE", "ALTER", "RENAME", "CONVERT", "ALGORITHM", "LOCK", "FORCE", "ENABLE",
        "DISABLE", "DISCARD", "IMPORT", "ORDER", "WITH", "WITHOUT", "PARTITION", "REMOVE", "COALESCE", "REORGANIZE",
        "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "TRUNCATE", "DEFAULT", "CHARACTER",
        "CHARSET", "COLLATE", "ENGINE",
    };

    /// <summary>Words after ADD or inside a definition list that begin a key or constraint rather than a column.</summary>
    public static readonly HashSet<string> KeyDefinitionStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "UNIQUE", "INDEX", "KEY", "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK",
    };
}
