using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// Property tests over random and mutated error bodies (every shape the parser knows, with the key echoed in each
/// field, then cut, corrupted, nested or re-encoded): reading them never throws, and the API key never appears in the
/// exception. The first runs the parser and factory directly (thousands of cases); the second sends a smaller sample
/// through the real client over loopback, with the three ways a body can end.
/// </summary>
public sealed class ErrorBodyPropertyTests
{
    private const string Key = LoopbackErrorServer.ApiKey;

    private static readonly string[] s_templates =
    [
        """{"error":{"message":"M","type":"T","code":"C","param":"P"},"request_id":"R"}""",
        """{"error":"T","message":"M"}""",
        """{"error":{"message":"M","code":17,"type":3.5e400}}""",
        """{"code":"C","message":"M","request_id":"R"}""",
        """{"message":"M"}""",
        """{"detail":"M"}""",
        """{"detail":[{"loc":["body","P",0],"msg":"M","type":"T"}]}""",
        """{"errors":[{"message":"M"},{"message":"T"}]}""",
        """{"msg":"M","code":"C"}""",
        """{"error_msg":"M","error_code":"C"}""",
        """{"error":{"error":{"message":"M","code":"C"}}}""",
        """[{"error":{"message":"M","code":"C"}},{"message":"T"}]""",
        """{"statusCode":400,"message":["M","T"],"error":"P"}""",
        "data: {\"error\":{\"message\":\"M\",\"code\":\"C\"}}\n\n",
        "M",
        "<html><title>M</title><body>T</body></html>",
    ];

    private static readonly string[] s_echoes =
    [
        Key,
        "Bearer " + Key,
        "sk-loopback-\\u005aq8Kx3Vm7Tn2",
        Key + "\\ud800",
        "\\ud83d\\ude00" + Key,
        Key + "\\n" + Key,
        "x\\\"" + Key,
        new string('a', 995) + Key,
        new string(' ', 790) + Key,
        "é" + Key + "\\u0000",
    ];

    private static readonly Gen<byte[]> s_body =
        Gen.Select(
            Gen.Int[0, s_templates.Length - 1],
            Gen.Int[0, s_echoes.Length - 1],
            Gen.Int[0, 9],
            Gen.Int[0, 10_000],
            Gen.Byte.Array[0, 8],
            Gen.Int[0, 70],
            (template, echo, mutation, position, noise, depth) => Mutate(Fill(s_templates[template], s_echoes[echo]), mutation, position, noise, depth));

    [Fact]
    public void Parse_RandomAndMutatedBodies_NeverThrowsAndNeverShowsTheKey()
    {
        var factory = new QwenExceptionFactory(Key);
        s_body.Sample(
            body =>
            {
                foreach (ErrorBodyEnd end in Enum.GetValues<ErrorBodyEnd>())
                {
                    AssertNoKey(factory.FromResponse(HttpStatusCode.BadRequest, body, end, contentEncoding: null, headerRequestId: null, retryAfter: TimeSpan.MaxValue));
                }

                var reader = new Utf8JsonReader(body);
                bool recognized = ErrorBodyParser.TryRead(ref reader, out ErrorBodyParser.ParsedError parsed);
                AssertNoKey(factory.FromInBandError(recognized ? parsed : default, Key, nothingYielded: true));
            },
            iter: 4000,
            threads: 1);
    }

    [Fact]
    public void Parse_PureRandomBytes_NeverThrows()
    {
        var factory = new QwenExceptionFactory(Key);
        Gen.Byte.Array[0, 300].Sample(
            body => AssertNoKey(factory.FromResponse(HttpStatusCode.InternalServerError, body, ErrorBodyEnd.CutByConnectionFailure, null, null, null)),
            iter: 4000,
            threads: 1);
    }

    [Fact]
    public async Task Call_MutatedBodiesOverLoopback_TypedExceptionWithoutTheKey()
    {
        await using LoopbackErrorServer server = await LoopbackErrorServer.StartAsync();
        using QwenChatClient client = server.CreateClient();
        var bodies = new List<(byte[] Body, int? Cut)>();
        Gen.Select(s_body, Gen.Int[-1, 300]).Sample((body, cut) => bodies.Add((body, cut < 0 ? null : Math.Min(cut, body.Length))), iter: 60, threads: 1);

        foreach ((byte[] body, int? cut) in bodies)
        {
            server.Reply = new ErrorReply(400, body, new Dictionary<string, string> { ["x-request-id"] = "r-" + Key }, AbortAfterBytes: cut);
            QwenApiException error = await Assert.ThrowsAsync<QwenBadRequestException>(() => client.GetResponseAsync("hi"));
            AssertNoKey(error);
        }

        Assert.Equal(bodies.Count, server.Requests);
    }

    private static string Fill(string template, string echo) =>
        template.Replace("M", "Incorrect key " + echo, StringComparison.Ordinal)
            .Replace("\"T\"", "\"" + echo + "\"", StringComparison.Ordinal)
            .Replace("\"C\"", "\"" + echo + "\"", StringComparison.Ordinal)
            .Replace("\"P\"", "\"" + echo + "\"", StringComparison.Ordinal)
            .Replace("\"R\"", "\"" + echo + "\"", StringComparison.Ordinal);

    /// <summary>One of: as is, cut, a byte changed, noise inserted, deep nesting, huge numbers, invalid UTF-8, a BOM, UTF-16, or padding past 64 KiB.</summary>
    private static byte[] Mutate(string text, int mutation, int position, byte[] noise, int depth)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int at = bytes.Length == 0 ? 0 : position % bytes.Length;
        return mutation switch
        {
            1 => bytes[..at],
            2 => [.. bytes[..at], (byte)(bytes.Length == 0 ? 0 : bytes[at] ^ 0x80), .. bytes[Math.Min(at + 1, bytes.Length)..]],
            3 => [.. bytes[..at], .. noise, .. bytes[at..]],
            4 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"error\":", depth)) + text + new string('}', depth)),
            5 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", depth)) + text),
            6 => Encoding.UTF8.GetBytes(text.Replace("400", "1" + new string('9', 400), StringComparison.Ordinal).Replace("17", "-1e99999", StringComparison.Ordinal)),
            7 => [.. bytes[..at], 0xC3, 0xFF, 0xED, 0xA0, 0x80, .. bytes[at..]],
            8 => [0xEF, 0xBB, 0xBF, .. bytes],
            9 when position % 2 == 0 => Encoding.Unicode.GetBytes(text),
            9 => Encoding.UTF8.GetBytes(text.TrimEnd('}') + ",\"pad\":\"" + new string('z', 70_000)),
            _ => bytes,
        };
    }

    private static void AssertNoKey(QwenApiException error)
    {
        Assert.NotNull(error.Message);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        string?[] fields = [error.Message, error.ErrorCode, error.ErrorType, error.ErrorParam, error.RequestId, error.ResponseSnippet];
        Assert.All(fields, f => Assert.DoesNotContain(Key, f ?? string.Empty, StringComparison.Ordinal));
    }
}
