using FsCheck;
using FsCheck.Fluent;
using Tandem.MySql.Binlog.Capture;
using Tandem.MySql.Binlog.Positions;
using Tandem.MySql.Tests.Core;

namespace Tandem.MySql.Tests.Binlog.Positions;

/// <summary>The stored text of a binlog position: lossless for every part, refused clearly when it is not one.</summary>
public sealed class BinlogPositionCodecTests
{
    private static readonly BinlogPositionCodec Codec = BinlogPositionCodec.Instance;

    private static Gen<string> FileNames { get; } =
        from stem in Gen.Elements("mysql-bin", "binlog", "my bin", "a:b", "x gtids", "日志")
        from number in Gen.Choose(1, 9_999_999)
        select $"{stem}.{number:D6}";

    private static Gen<string?> Gtids { get; } = Gen.Elements<string?>(
        null, "0-1-42", "0-1-42,1-2-7", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-42",
        "3e11fa47-71ca-11e1-9e33-c80aa9429562:tag:1-5:7,896e7882-18fe-11ef-ab88-22222d34d411:1");

    private static Gen<BinlogPosition> Positions { get; } =
        from file in FileNames
        from offset in Gen.Frequency((4, Gen.Choose(4, int.MaxValue).Select(static o => (long)o)), (1, Gen.Constant(long.MaxValue)))
        from gtids in Gtids
        select new BinlogPosition(file, offset, gtids);

    [Fact]
    public void Parse_of_Format_is_the_same_position()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Positions.ToArbitrary(), (BinlogPosition position) =>
            Assert.Equal(position, Codec.Parse(Codec.Format(position)))));
    }

    [Theory]
    [InlineData("mysql-bin.000010:4", "mysql-bin.000010", 4, null)]
    [InlineData("mysql-bin.000010:4 gtids=0-1-42,1-2-7", "mysql-bin.000010", 4, "0-1-42,1-2-7")]
    [InlineData("my gtids=bin.000001:4 gtids=0-1-1", "my gtids=bin.000001", 4, "0-1-1")]
    public void The_stored_form_reads_as_documented(string text, string file, long offset, string? gtids)
    {
        Assert.Equal(new BinlogPosition(file, offset, gtids), Codec.Parse(text));
    }

    [Theory]
    [InlineData("mysql-bin.000010")]
    [InlineData("mysql-bin.000010:x")]
    [InlineData("mysql-bin.000010:4 gtids=")]
    [InlineData("mysql-bin.000010:4 gtids=0-1-1 0-2-2")]
    public void Text_that_is_no_position_is_refused_with_the_expected_form(string text)
    {
        var error = Assert.Throws<BinlogPositionFormatException>(() => Codec.Parse(text));
        Assert.Contains("file:offset", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_position_of_another_engine_is_not_formatted()
    {
        Assert.Throws<ArgumentException>(() => Codec.Format(new CounterPosition(42)));
        Assert.Equal("mysql", Codec.Engine);
    }
}
