namespace QwenApi.Testing.Tests.Protocol;

public sealed class SimulatorTokenizerTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("one", new[] { "one" })]
    [InlineData("Simulated answer to: Hi", new[] { "Simulated ", "answer ", "to: ", "Hi" })]
    [InlineData("  lead and trail  ", new[] { "  lead ", "and ", "trail  " })]
    [InlineData("line\nbreak\t\ttab", new[] { "line\n", "break\t\t", "tab" })]
    [InlineData("   ", new[] { "   " })]
    public void Split_Text_YieldsWordsWithTrailingWhitespaceThatJoinBack(string text, string[] expected)
    {
        var tokens = SimulatorTokenizer.Split(text);

        Assert.Equal(expected, tokens);
        Assert.Equal(text, string.Concat(tokens));
    }

    [Theory]
    [InlineData("{}", new[] { "{", "}" })]
    [InlineData("""{"zone":"sample"}""", new[] { """{"zone":""", "\"sample\"}" })]
    [InlineData("", new[] { "" })]
    public void SplitArguments_Json_YieldsAtLeastTwoPiecesThatJoinBack(string arguments, string[] expected)
    {
        Assert.Equal(expected, StreamChunkBuilder.SplitArguments(arguments));
    }

    [Fact]
    public void SplitArguments_SurrogatePairAtBoundary_KeepsThePairTogether()
    {
        // Nine UTF-16 units, split at 4: the low surrogate of the emoji sits at index 4.
        const string Arguments = "{\"x🍓\":1}";

        var pieces = StreamChunkBuilder.SplitArguments(Arguments);

        Assert.Equal(["{\"x🍓", "\":1}"], pieces);
        Assert.Equal(Arguments, string.Concat(pieces));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }
}
