using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;

namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Talks to a simulator with a plain <see cref="HttpClient"/>, as any client would.</summary>
internal static class SimulatorHttp
{
    public static Uri ChatUri(QwenSimulator simulator) => new(simulator.Endpoint + "/chat/completions");

    public static HttpRequestMessage ChatRequest(QwenSimulator simulator, string body, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ChatUri(simulator))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? simulator.ApiKey);
        return request;
    }

    /// <summary>Posts <paramref name="body"/> and returns once headers arrive (the body is read later).</summary>
    public static Task<HttpResponseMessage> PostAsync(
        HttpClient client, QwenSimulator simulator, string body, string? apiKey = null, CancellationToken cancellationToken = default) =>
        client.SendAsync(ChatRequest(simulator, body, apiKey), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Reads every SSE <c>data</c> field of a response, in order.</summary>
    public static async Task<List<string>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<string>();
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            events.Add(item.Data);
        }

        return events;
    }

    /// <summary>Posts a streaming request and reads all its events.</summary>
    public static async Task<List<string>> StreamAsync(HttpClient client, QwenSimulator simulator, string body)
    {
        using var response = await PostAsync(client, simulator, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ReadEventsAsync(response);
    }

    /// <summary>Posts a request and returns the status and the body text.</summary>
    public static async Task<(int Status, string Body)> SendAsync(HttpClient client, QwenSimulator simulator, string body, string? apiKey = null)
    {
        using var response = await PostAsync(client, simulator, body, apiKey);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
