using Tandem.Core.Errors;
using Tandem.Core.Units;

namespace Tandem.MySql.Tests.Core;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("64MB", 64L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData(" 2 gib ", 2L << 30)]
    public void Sizes_parse_with_binary_units(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text, "--memory-budget"));

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("12 parsecs")]
    [InlineData("-5M")]
    public void Nonsense_is_refused_naming_the_option(string text)
    {
        var error = Assert.Throws<TandemException>(() => ByteSize.Parse(text, "--memory-budget"));
        Assert.Contains("--memory-budget", error.Message, StringComparison.Ordinal);
    }
}
