using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// The parser on bodies a whole-document parse refuses: cut in the middle, invalid part way, or holding strings .NET
/// will not decode. What arrived before the cut or the invalid part is still read.
/// </summary>
public sealed class ErrorBodyParserTests
{
    [Theory]
    [InlineData("""{"error":{"message":"kept","code":"c1"},"id":tru}""", "kept", "c1")]
    [InlineData("""{"error":{"message":"kept","code":"c1"},"id":""", "kept", "c1")]
    [InlineData("""{"error":{"message":"kept","code":"c1"}} trailing""", "kept", "c1")]
    [InlineData("""{"message":["first","sec""", "first", null)]
    [InlineData("""{"detail":[{"loc":["body","model"],"msg":"str type exp""", "body.model: str type exp…", null)]
    [InlineData("""{"errors":[{"message":"one"},{"message":"tw""", "one; tw…", null)]
    [InlineData("""{"error":{"code":"invalid_param""", null, null)]
    [InlineData("""{"error":{"message":"line\nbreak \"quoted\" caf\u00e9 cut \u00""", "line\nbreak \"quoted\" café cut …", null)]
    public void Parse_CutOrInvalidBody_KeepsWhatArrived(string body, string? message, string? code)
    {
        ErrorBodyParser.ParsedError parsed = ErrorBodyParser.Parse(Bytes(body));

        Assert.Equal(message, parsed.Message);
        Assert.Equal(code, parsed.Code);
    }

    [Fact]
    public void Parse_CutInsideAMultiByteCharacter_DropsThatCharacter()
    {
        byte[] body = Bytes("{\"error\":{\"message\":\"café, cut in é");

        Assert.Equal("café, cut in …", ErrorBodyParser.Parse(body[..^1]).Message);
    }

    [Fact]
    public void Parse_LoneSurrogateEscapeAndInvalidUtf8_BecomeReplacementCharacters()
    {
        byte[] body = [.. """{"error":{"message":"a\ud800b \ud83d\ude00 c"""u8, 0xFF, .. """ end","code":"x\udc00"},"request_id":"r"}"""u8];

        ErrorBodyParser.ParsedError parsed = ErrorBodyParser.Parse(body);

        Assert.Equal("a\uFFFDb \U0001F600 c\uFFFD end", parsed.Message);
        Assert.Equal("x\uFFFD", parsed.Code);
        Assert.Equal("r", parsed.RequestId);
    }

    [Fact]
    public void Parse_NestingDeeperThanTheReaderAllows_ReadsTheEnvelopeWithoutThrowing()
    {
        string body = string.Concat(Enumerable.Repeat("{\"error\":", 70)) + "\"deep\"" + new string('}', 70);

        ErrorBodyParser.ParsedError parsed = ErrorBodyParser.Parse(Bytes(body));

        Assert.True(parsed.Recognized);
        Assert.Null(parsed.Message);
    }

    [Fact]
    public void TryRead_EventInvalidAfterTheError_ReadsTheError()
    {
        var reader = new Utf8JsonReader("""{"error":{"message":"Output data may contain inappropriate content.","code":"data_inspection_failed"},"id":}"""u8);

        Assert.True(ErrorBodyParser.TryRead(ref reader, out ErrorBodyParser.ParsedError parsed));
        Assert.Equal(("Output data may contain inappropriate content.", "data_inspection_failed"), (parsed.Message, parsed.Code));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
