using Tandem.Core.Model;

namespace Tandem.MySql.Tests.Core;

/// <summary>Small table schemas for the dispatcher and merger tests.</summary>
internal static class SinkTestTables
{
    /// <summary>t (id INT PRIMARY KEY, u INT NULL UNIQUE, v VARCHAR).</summary>
    public static TableSchema WithUnique { get; } = new()
    {
        Database = "db",
        Name = "t",
        Columns =
        [
            new ColumnSchema { Name = "id", DataType = "int", ColumnType = "int", Nullable = false },
            new ColumnSchema { Name = "u", DataType = "int", ColumnType = "int" },
            new ColumnSchema { Name = "v", DataType = "varchar", ColumnType = "varchar(20)" },
        ],
        Indexes =
        [
            new IndexSchema { Name = "PRIMARY", Columns = ["id"], IsPrimary = true, IsUnique = true },
            new IndexSchema { Name = "uu", Columns = ["u"], IsUnique = true },
        ],
    };

    /// <summary>s (name VARCHAR PRIMARY KEY, n INT).</summary>
    public static TableSchema TextKey { get; } = new()
    {
        Database = "db",
        Name = "s",
        Columns =
        [
            new ColumnSchema { Name = "name", DataType = "varchar", ColumnType = "varchar(20)", Nullable = false },
            new ColumnSchema { Name = "n", DataType = "int", ColumnType = "int" },
        ],
        Indexes = [new IndexSchema { Name = "PRIMARY", Columns = ["name"], IsPrimary = true, IsUnique = true }],
    };

    /// <summary>k (a INT, b INT): no key at all.</summary>
    public static TableSchema Keyless { get; } = new()
    {
        Database = "db",
        Name = "k",
        Columns =
        [
            new ColumnSchema { Name = "a", DataType = "int", ColumnType = "int" },
            new ColumnSchema { Name = "b", DataType = "int", ColumnType = "int" },
        ],
    };

    public static RowChange Insert(TableSchema table, params object?[] after) => new(table, ChangeKind.Insert, null, after);

    public static RowChange Update(TableSchema table, object?[] before, object?[] after) => new(table, ChangeKind.Update, before, after);

    public static RowChange Delete(TableSchema table, params object?[] before) => new(table, ChangeKind.Delete, before, null);
}
