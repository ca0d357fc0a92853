using Tandem.Core.Text;

namespace Tandem.MySql.Tests.Core;

public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("plain `name` 'with' \"quotes\" \\ and ümlauts 😀", "plain `name` 'with' \"quotes\" \\ and ümlauts 😀")]
    [InlineData("a\nb\r\nc\td", "a\\nb\\r\\nc\\td")]
    [InlineData("nul\0del\u007fc1\u009b", "nul\\u{0000}del\\u{007F}c1\\u{009B}")]
    [InlineData("esc\u001b[31m", "esc\\u{001B}[31m")]
    [InlineData("ls\u2028ps\u2029nel\u0085", "ls\\u{2028}ps\\u{2029}nel\\u{0085}")]
    [InlineData("\u202Eevil\u2066x\u2069\u200F", "\\u{202E}evil\\u{2066}x\\u{2069}\\u{200F}")]
    public void Control_characters_line_separators_and_bidirectional_controls_are_escaped_and_the_rest_kept(string text, string expected)
    {
        var escaped = PrintableText.Escape(text);

        Assert.Equal(expected, escaped);
        Assert.False(PrintableText.NeedsEscape(escaped));
        Assert.Equal(text != expected, PrintableText.NeedsEscape(text));
    }

    [Fact]
    public void Null_and_empty_text_print_as_empty() => Assert.Equal(string.Empty, PrintableText.Escape(null) + PrintableText.Escape(string.Empty));
}
