using Tandem.Core.Replication;
using Tandem.MySql.Tests.Schema;
using static Tandem.MySql.Tests.Core.SinkTestTables;

namespace Tandem.MySql.Tests.Core;

public sealed class RowMergerTests
{
    private static readonly TableKeys Keys = new(WithUnique);

    [Fact]
    public void Insert_update_delete_of_one_key_collapses_to_a_single_delete()
    {
        var merger = new RowMerger(Keys);
        Assert.True(merger.TryAdd(Insert(WithUnique, 1, 10, "a")));
        Assert.True(merger.TryAdd(Update(WithUnique, [1, 10, "a"], [1, 11, "b"])));
        Assert.True(merger.TryAdd(Delete(WithUnique, 1, 11, "b")));
        Assert.Equal(1, merger.Count);
        Assert.Empty(merger.Rows);
        Assert.Equal([1], Assert.Single(merger.DeletedKeys));
    }

    [Fact]
    public void The_last_image_of_a_key_wins()
    {
        var merger = new RowMerger(Keys);
        merger.TryAdd(Insert(WithUnique, 1, 10, "a"));
        merger.TryAdd(Update(WithUnique, [1, 10, "a"], [1, 12, "c"]));
        merger.TryAdd(Insert(WithUnique, 2, 20, "x"));
        Assert.Equal([[1, 12, "c"], [2, 20, "x"]], merger.Rows.ToList());
        Assert.Empty(merger.DeletedKeys);
    }

    [Fact]
    public void An_update_that_changes_the_key_deletes_the_old_key_and_writes_the_new_row()
    {
        var merger = new RowMerger(Keys);
        merger.TryAdd(Update(WithUnique, [1, 10, "a"], [5, 10, "a"]));
        Assert.Equal([1], Assert.Single(merger.DeletedKeys));
        Assert.Equal([5, 10, "a"], Assert.Single(merger.Rows));

        // Moving it back leaves the original key present and the intermediate one deleted.
        merger.TryAdd(Update(WithUnique, [5, 10, "a"], [1, 10, "z"]));
        Assert.Equal([5], Assert.Single(merger.DeletedKeys));
        Assert.Equal([1, 10, "z"], Assert.Single(merger.Rows));
    }

    [Fact]
    public void A_swap_of_unique_values_ends_with_both_final_rows()
    {
        var merger = new RowMerger(Keys);
        merger.TryAdd(Update(WithUnique, [1, 10, "a"], [1, null, "a"]));
        merger.TryAdd(Update(WithUnique, [2, 20, "b"], [2, 10, "b"]));
        merger.TryAdd(Update(WithUnique, [1, null, "a"], [1, 20, "a"]));
        Assert.Equal([[1, 20, "a"], [2, 10, "b"]], merger.Rows.ToList());
        Assert.True(Keys.HasOtherUniqueKeys);
    }

    private static readonly TableKeys FoldedText = new(TextKey, textFold: static c => c.Name == "name" ? TestCollations.CaseInsensitive() : null);

    [Fact]
    public void Keys_a_collation_may_equate_are_not_merged_so_their_order_is_kept()
    {
        var merger = new RowMerger(FoldedText);
        Assert.True(merger.TryAdd(Insert(TextKey, "abc", 1)));
        Assert.False(merger.TryAdd(Delete(TextKey, "ABC ", 1)));
        Assert.True(merger.TryAdd(Update(TextKey, ["abc", 1], ["abc", 2])));
        merger.Clear();
        Assert.True(merger.TryAdd(Delete(TextKey, "ABC ", 1)));

        // 'ß' and "ss" are one key under the collation, so a delete of one waits for the insert of the other.
        merger.Clear();
        Assert.True(merger.TryAdd(Delete(TextKey, "straße", 1)));
        Assert.False(merger.TryAdd(Insert(TextKey, "STRASSE", 2)));
    }

    [Fact]
    public void Conflict_keys_fold_as_the_collation_compares_but_not_other_values()
    {
        var keys = FoldedText;
        HashSet<ulong> Of(string name)
        {
            var set = new HashSet<ulong>();
            keys.AddConflictKeys([name, 1], set);
            return set;
        }

        Assert.Equal(Of("abc"), Of("ABC  "));
        Assert.Equal(Of("café"), Of("CAFE"));
        Assert.Equal(Of("straße"), Of("STRASSE"));
        Assert.NotEqual(Of("abc"), Of("abd"));
        Assert.NotEqual(Of("abc"), Of(" abc"));
    }

    [Fact]
    public void A_null_unique_value_conflicts_with_nothing_and_a_keyless_table_conflicts_as_a_whole()
    {
        var withNull = new HashSet<ulong>();
        Keys.AddConflictKeys([1, null, "a"], withNull);
        Assert.Single(withNull);

        var keyless = new TableKeys(Keyless);
        var first = new HashSet<ulong>();
        var second = new HashSet<ulong>();
        keyless.AddConflictKeys([1, 2], first);
        keyless.AddConflictKeys([3, 4], second);
        Assert.Equal(first, second);
        Assert.Null(keyless.MatchingKey);
    }
}
