namespace QwenApi.Extensions.AI.Tests.Http;

/// <summary>
/// The one check of a body still under a content coding, used for 2xx answers (reported as not decompressed) and error
/// bodies (named in the message): <c>identity</c> is no coding, anything else is left as the header listed it.
/// </summary>
public sealed class ResponseHeadersTests
{
    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "identity" }, null)]
    [InlineData(new[] { "IDENTITY", "identity" }, null)]
    [InlineData(new[] { "gzip" }, "gzip")]
    [InlineData(new[] { "identity", "br" }, "identity, br")]
    [InlineData(new[] { "gzip", "deflate" }, "gzip, deflate")]
    public void UndecodedEncoding_ContentEncodingHeader_NamesWhatIsLeftOrNull(string[] codings, string? expected)
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        foreach (string coding in codings)
        {
            response.Content.Headers.ContentEncoding.Add(coding);
        }

        Assert.Equal(expected, ResponseHeaders.UndecodedEncoding(response));
    }
}
