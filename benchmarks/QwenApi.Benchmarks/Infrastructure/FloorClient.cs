using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// The floor: the least work that still hands each text delta to the caller. HttpClient, a constant request body,
/// <see cref="SseParser"/> and one <see cref="Utf8JsonReader"/> pass that stops at the first <c>content</c>,
/// <c>reasoning_content</c> or <c>arguments</c> string. No ids, model, timestamps, finish reason, usage or errors.
/// </summary>
public sealed class FloorClient : IDisposable
{
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes(
        "{\"model\":\"qwen3-max\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Invent a holiday and describe its traditions.\"}],\"stream\":true}");

    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _uri;

    public FloorClient(Uri endpoint, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _uri = new Uri(endpoint + "/chat/completions");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Clients.ApiKey);
    }

    /// <summary>Streams one answer, yielding every text delta.</summary>
    public async IAsyncEnumerable<string> StreamAsync()
    {
        using HttpResponseMessage response = await _http.SendAsync(Request(), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync();
        await foreach (SseItem<string?> item in SseParser.Create(body, static (_, data) => FirstText(data)).EnumerateAsync())
        {
            if (item.Data is { } text)
            {
                yield return text;
            }
        }
    }

    /// <summary>One non-streaming call; returns <c>choices[0].message.content</c>.</summary>
    public async Task<string?> GetTextAsync()
    {
        using HttpResponseMessage response = await _http.SendAsync(Request(), HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        return FirstText(body);
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request() => new(HttpMethod.Post, _uri)
    {
        Content = new ByteArrayContent(s_body) { Headers = { ContentType = s_json } },
    };

    private static string? FirstText(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return null; // [DONE]
        }

        var reader = new Utf8JsonReader(data);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName
                && (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("arguments"u8)))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (reader.ValueSpan.Length > 0 || reader.ValueIsEscaped))
                {
                    return reader.GetString();
                }
            }
        }

        return null;
    }
}
