using Tandem.Core.Errors;
using Tandem.Core.Tasks;

namespace Tandem.MySql.Tests.Core;

public sealed class TableRouterTests
{
    private static readonly TableRouter Router = new(
    [
        new TableRoute("shop.order_?", null, "archive_*"),
        new TableRoute("shop.*", "shop_dr", null),
        new TableRoute("logs.*", "audit", "logs_*"),
    ]);

    [Theory]
    [InlineData("shop", "order_1", "shop", "archive_order_1")]
    [InlineData("shop", "customers", "shop_dr", "customers")]
    [InlineData("SHOP", "Customers", "shop_dr", "Customers")]
    [InlineData("logs", "web", "audit", "logs_web")]
    [InlineData("other", "t", "other", "t")]
    public void The_first_matching_route_wins_and_unmatched_tables_keep_their_names(string database, string table, string toDatabase, string toTable)
    {
        Assert.Equal((toDatabase, toTable), Router.Map(database, table));
        Assert.Equal((toDatabase, toTable), Router.Map(database, table));
    }

    [Fact]
    public void Identity_maps_every_table_to_itself()
    {
        Assert.True(TableRouter.Identity.IsIdentity);
        Assert.Equal(("a", "b"), TableRouter.Identity.Map("a", "b"));
        Assert.False(Router.IsIdentity);
    }

    [Fact]
    public void A_remembered_answer_keeps_the_case_it_was_asked_with()
    {
        var router = new TableRouter([new TableRoute("a.*", null, "x_*")]);

        Assert.Equal(("a", "x_T"), router.Map("a", "T"));
        Assert.Equal(("a", "x_t"), router.Map("a", "t"));
    }

    [Theory]
    [InlineData("!a.*", "b", null)]
    [InlineData("a.*,b.*", "b", null)]
    [InlineData("", "b", null)]
    [InlineData("nodot", "b", null)]
    [InlineData("a.*", null, null)]
    [InlineData("a.*", "", null)]
    [InlineData("a.*", "b?", null)]
    [InlineData("a.*", null, "t`x")]
    public void Unusable_routes_are_refused_when_the_router_is_built(string pattern, string? database, string? table)
    {
        Assert.Throws<TandemException>(() => new TableRouter([new TableRoute(pattern, database, table)]));
        Assert.Throws<TandemException>(() => TableRouter.Validate(new TableRoute(pattern, database, table)));
    }
}
