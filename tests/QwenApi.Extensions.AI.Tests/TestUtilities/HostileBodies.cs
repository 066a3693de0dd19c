using System.IO.Compression;
using System.Text;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Bodies for the hostile-server tests: a valid completion, SSE events, and gzip (including bombs).</summary>
internal static class HostileBodies
{
    public const int MiB = 1024 * 1024;

    /// <summary>A valid non-streaming completion whose text is <c>Hello</c>.</summary>
    public const string Completion =
        """{"id":"chatcmpl-h","object":"chat.completion","created":1770764938,"model":"qwen-plus","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    private static readonly Lazy<byte[]> s_unaryBomb = new(() => GzipRepeated("{\"id\":\""u8.ToArray(), "x"u8.ToArray(), 128 * MiB));
    private static readonly Lazy<byte[]> s_streamBomb = new(() => GzipRepeated("data: "u8.ToArray(), "x"u8.ToArray(), 128 * MiB));

    /// <summary>Gets a small gzip body (about 130 KB) that inflates to 128 MiB: <c>{"id":"xxxx…</c>, never closed.</summary>
    public static byte[] UnaryBomb => s_unaryBomb.Value;

    /// <summary>Gets a small gzip body (about 130 KB) that inflates to 128 MiB: one SSE line <c>data: xxxx…</c> that never ends.</summary>
    public static byte[] StreamBomb => s_streamBomb.Value;

    /// <summary>The role-only first chunk (it yields no update).</summary>
    public static string RoleEvent => Event(Sse.Delta("""{"role":"assistant","content":""}"""));

    /// <summary>One content chunk as a whole SSE event (one update).</summary>
    public static string TokenEvent(string text) => Event(Sse.Delta($"{{\"content\":\"{text}\"}}"));

    /// <summary>The finish chunk and <c>[DONE]</c>.</summary>
    public static string EndEvents => Event(Sse.Delta("{}", "stop")) + "data: [DONE]\n\n";

    /// <summary>A whole valid stream: role chunk, one chunk per token, finish chunk, <c>[DONE]</c>.</summary>
    public static string Stream(params string[] tokens) => RoleEvent + string.Concat(tokens.Select(TokenEvent)) + EndEvents;

    public static string Event(string data) => "data: " + data + "\n\n";

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// A gzip body that inflates to <paramref name="totalBytes"/>: <paramref name="prefix"/>, then <paramref name="unit"/>
    /// repeated. Built from gzip members of 1 MiB each (RFC 1952 §2.2: a gzip file is a series of members, which
    /// decompressors must read on), so it costs two 1 MiB compressions instead of one of the whole size.
    /// </summary>
    private static byte[] GzipRepeated(byte[] prefix, byte[] unit, int totalBytes)
    {
        byte[] block = new byte[MiB];
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = unit[i % unit.Length];
        }

        byte[] first = Gzip([.. prefix, .. block.AsSpan(prefix.Length)]);
        byte[] member = Gzip(block);
        using var output = new MemoryStream();
        output.Write(first);
        for (int written = MiB; written < totalBytes; written += MiB)
        {
            output.Write(member);
        }

        return output.ToArray();
    }

    /// <summary>Counts the bytes <paramref name="gzip"/> inflates to, without keeping them.</summary>
    public static long InflatedLength(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
