using Kit.Core.Formatting;

namespace Kit.Core.Tests.Formatting;

public sealed class MessageTextTests
{
    [Fact]
    public void Control_characters_are_escaped_as_go_quotes_them() =>
        Assert.Equal(@"mo\x1b[2Jdel\r\n\t\x7f\u0085 ok é", MessageText.Escape("mo\u001b[2Jdel\r\n\t\u007f\u0085 ok é"));

    [Fact]
    public void Plain_text_is_returned_as_is()
    {
        const string text = "cannot read Kitfile: /tmp/x does not exist";
        Assert.Same(text, MessageText.Escape(text));
    }

    [Fact]
    public void Long_text_is_cut_with_the_count_of_what_is_left_out()
    {
        var escaped = MessageText.Escape(new string('a', MessageText.MaxLength + 10));
        Assert.Equal(new string('a', MessageText.MaxLength) + "... (10 more characters)", escaped);
    }
}
