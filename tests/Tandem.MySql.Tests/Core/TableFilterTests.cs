using Tandem.Core.Errors;
using Tandem.Core.Filtering;

namespace Tandem.MySql.Tests.Core;

public sealed class TableFilterTests
{
    [Theory]
    [InlineData("shop.*", "shop", "orders", true)]
    [InlineData("shop.*", "shop2", "orders", false)]
    [InlineData("shop.order_?", "shop", "order_1", true)]
    [InlineData("shop.order_?", "shop", "order_12", false)]
    [InlineData("SHOP.Orders", "shop", "orders", true)]
    [InlineData("*.t", "any", "t", true)]
    [InlineData("db.t.x", "db", "t.x", false)]
    public void Patterns_match_database_and_table_with_wildcards(string pattern, string database, string table, bool expected)
    {
        if (pattern.Count(static c => c == '.') > 1)
        {
            Assert.Throws<TandemException>(() => TableFilter.Parse([pattern]));
            return;
        }

        Assert.Equal(expected, TableFilter.Parse([pattern]).Includes(database, table));
    }

    [Fact]
    public void Exclusions_win_over_inclusions_and_alone_exclude_from_everything()
    {
        var filter = TableFilter.Parse(["shop.*,!shop.tmp_*"]);
        Assert.True(filter.Includes("shop", "orders"));
        Assert.False(filter.Includes("shop", "tmp_1"));
        Assert.False(filter.Includes("other", "orders"));

        var onlyExclusions = TableFilter.Parse(["!shop.tmp_*"]);
        Assert.True(onlyExclusions.Includes("other", "anything"));
        Assert.False(onlyExclusions.Includes("shop", "tmp_x"));
    }

    [Fact]
    public void Database_level_statements_matter_when_some_inclusion_names_the_database()
    {
        var filter = TableFilter.Parse(["shop.*", "crm.accounts"]);
        Assert.True(filter.MayInclude("shop"));
        Assert.True(filter.MayInclude("crm"));
        Assert.False(filter.MayInclude("billing"));
    }

    [Theory]
    [InlineData("shop")]
    [InlineData(".t")]
    [InlineData("db.")]
    public void A_pattern_without_database_and_table_is_refused_with_the_expected_form(string pattern)
    {
        var error = Assert.Throws<TandemException>(() => TableFilter.Parse([pattern]));
        Assert.Contains("db.table", error.Hint, StringComparison.Ordinal);
    }
}
