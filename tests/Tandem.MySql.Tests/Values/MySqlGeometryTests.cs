using Tandem.MySql.Protocol;
using Tandem.MySql.Protocol.Values;

namespace Tandem.MySql.Tests.Values;

public sealed class MySqlGeometryTests
{
    // SRID 4326, then WKB POINT(1 2): little-endian, type 1, x = 1.0, y = 2.0.
    internal static readonly byte[] Point4326 = Convert.FromHexString("E6100000" + "0101000000" + "000000000000F03F" + "0000000000000040");

    [Fact]
    public void Internal_format_splits_into_srid_and_wkb_and_back()
    {
        var geometry = MySqlGeometry.FromInternal(Point4326);
        Assert.Equal(4326u, geometry.Srid);
        Assert.Equal(Point4326[4..], geometry.Wkb);
        Assert.Equal(Point4326, geometry.ToInternal());
        Assert.Equal(geometry, MySqlGeometry.FromInternal(geometry.ToInternal()));
    }

    [Fact]
    public void Too_short_for_an_srid_is_a_protocol_error() =>
        Assert.Throws<MySqlProtocolException>(() => MySqlGeometry.FromInternal(new byte[] { 1, 2, 3 }));
}
