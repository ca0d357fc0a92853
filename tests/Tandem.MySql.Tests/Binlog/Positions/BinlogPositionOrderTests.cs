using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Tests.Binlog.Positions;

/// <summary>A binlog position as the runtime sees it: an opaque <see cref="SourcePosition"/> that orders by file and offset.</summary>
public sealed class BinlogPositionOrderTests
{
    [Fact]
    public void Positions_order_by_file_number_then_offset_whatever_their_gtids()
    {
        SourcePosition earlier = new BinlogPosition("mysql-bin.000009", 90_000, "0-1-500");
        SourcePosition later = new BinlogPosition("mysql-bin.000010", 4, null);
        Assert.True(earlier < later);
        Assert.True(later >= earlier);
        Assert.Equal(0, new BinlogPosition("mysql-bin.000010", 4, "0-1-7").CompareTo(new BinlogPosition("mysql-bin.000010", 4, null)));
        Assert.True(new BinlogPosition("mysql-bin.999999", 4, null) < new BinlogPosition("mysql-bin.1000000", 4, null));
        Assert.Equal("mysql", later.Engine);
    }
}
