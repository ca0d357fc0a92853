using Tandem.Core.Model;
using Tandem.Core.Replication;
using Tandem.MySql.Tests.Schema;

namespace Tandem.MySql.Tests.Core;

public sealed class TableKeysTests
{
    /// <summary>p (id INT PRIMARY KEY, name VARCHAR(50), tag VARBINARY(20), score DOUBLE, UNIQUE (name(4)), UNIQUE (tag(2)), UNIQUE (score)).</summary>
    private static readonly TableSchema Prefixed = new()
    {
        Database = "db",
        Name = "p",
        Columns =
        [
            new ColumnSchema { Name = "id", DataType = "int", ColumnType = "int", Nullable = false },
            new ColumnSchema { Name = "name", DataType = "varchar", ColumnType = "varchar(50)", CharacterSet = "utf8mb4", Collation = "test_ci" },
            new ColumnSchema { Name = "tag", DataType = "varbinary", ColumnType = "varbinary(20)", CharacterSet = "binary", Collation = "binary" },
            new ColumnSchema { Name = "score", DataType = "double", ColumnType = "double" },
        ],
        Indexes =
        [
            new IndexSchema { Name = "PRIMARY", Columns = ["id"], IsPrimary = true, IsUnique = true },
            new IndexSchema { Name = "n4", Columns = ["name"], PrefixLengths = [4], IsUnique = true },
            new IndexSchema { Name = "t2", Columns = ["tag"], PrefixLengths = [2], IsUnique = true },
            new IndexSchema { Name = "s", Columns = ["score"], IsUnique = true },
        ],
    };

    private static readonly TableKeys Keys = new(Prefixed, textFold: static c => c.Name == "name" ? TestCollations.CaseInsensitive() : null);

    private static HashSet<ulong> Of(TableKeys keys, params object?[] row)
    {
        var set = new HashSet<ulong>();
        keys.AddConflictKeys(row, set);
        return set;
    }

    [Fact]
    public void Rows_whose_values_share_a_unique_prefix_conflict()
    {
        Assert.True(Of(Keys, 1, "abcdXYZ", null, null).Overlaps(Of(Keys, 2, "ABCDother", null, null)));
        Assert.False(Of(Keys, 1, "abcX", null, null).Overlaps(Of(Keys, 2, "abcY", null, null)));
        Assert.True(Of(Keys, 1, null, new byte[] { 1, 2, 3 }, null).Overlaps(Of(Keys, 2, null, new byte[] { 1, 2, 9, 9 }, null)));
        Assert.False(Of(Keys, 1, null, new byte[] { 1, 2 }, null).Overlaps(Of(Keys, 2, null, new byte[] { 1, 3 }, null)));
    }

    [Fact]
    public void A_prefix_counts_characters_so_one_outside_the_basic_plane_is_one()
    {
        Assert.True(Of(Keys, 1, "😀😀😀😀a", null, null).Overlaps(Of(Keys, 2, "😀😀😀😀b", null, null)));
        Assert.False(Of(Keys, 1, "😀😀😀a", null, null).Overlaps(Of(Keys, 2, "😀😀😀b", null, null)));
    }

    [Fact]
    public void Minus_zero_and_zero_are_one_key_value()
    {
        Assert.True(Of(Keys, 1, null, null, -0.0).Overlaps(Of(Keys, 2, null, null, 0.0)));
        Assert.False(Of(Keys, 1, null, null, 1.0).Overlaps(Of(Keys, 2, null, null, 2.0)));
    }

    [Fact]
    public void Without_the_engine_s_folds_every_text_key_value_conflicts_and_with_an_exact_one_only_equal_text_does()
    {
        var unknown = new TableKeys(Prefixed);
        Assert.True(Of(unknown, 1, "abc", null, null).Overlaps(Of(unknown, 2, "xyz", null, null)));
        var exact = new TableKeys(Prefixed, textFold: static _ => null);
        Assert.False(Of(exact, 1, "abc", null, null).Overlaps(Of(exact, 2, "ABC", null, null)));
    }

    [Fact]
    public void The_folded_matching_key_is_equal_for_keys_the_collation_equates()
    {
        var text = new TableSchema
        {
            Database = "db",
            Name = "s",
            Columns = [new ColumnSchema { Name = "name", DataType = "varchar", ColumnType = "varchar(20)", Nullable = false }],
            Indexes = [new IndexSchema { Name = "PRIMARY", Columns = ["name"], IsPrimary = true, IsUnique = true }],
        };
        var keys = new TableKeys(text, textFold: static _ => TestCollations.CaseInsensitive());
        Assert.Equal(RowKey.Of(keys, ["straße"]).Folded, RowKey.Of(keys, ["STRASSE "]).Folded);
        Assert.NotEqual(RowKey.Of(keys, ["straße"]), RowKey.Of(keys, ["STRASSE "]));
    }
}
