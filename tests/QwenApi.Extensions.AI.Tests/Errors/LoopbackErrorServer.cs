using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// A <see cref="RawHttpServer"/> whose script answers every request with exactly the bytes a test gives: status line,
/// headers and body, optionally cut after some of the body. It covers what the simulator cannot send: raw (compressed
/// or invalid) bytes, bodies longer than the client reads, and a connection that ends mid-body.
/// </summary>
/// <remarks>
/// A cut closes the connection in order (FIN) after the partial body, with the declared Content-Length unmet, so the
/// client's read fails with "the response ended prematurely". (A TCP reset is not used: on receiving one, Linux drops
/// the bytes the client had not read yet, so what arrived would depend on timing.) Each reply is sent with
/// <c>Connection: close</c>, and the script reads the whole request before answering so closing never resets.
/// </remarks>
internal sealed class LoopbackErrorServer : IAsyncDisposable
{
    public const string ApiKey = "sk-loopback-Zq8Kx3Vm7Tn2";

    // A property test sends one request per connection, 60 of them.
    private const int MaxConnections = 128;

    private readonly RawHttpServer _server;

    private LoopbackErrorServer() => _server = RawHttpServer.Start(ReplyAsync, MaxConnections);

    public Uri Endpoint => _server.Endpoint;

    public int Requests => _server.Requests;

    /// <summary>Gets or sets the response every request gets.</summary>
    public ErrorReply Reply { get; set; } = new(500, []);

    public static Task<LoopbackErrorServer> StartAsync() => Task.FromResult(new LoopbackErrorServer());

    public QwenChatClient CreateClient(string apiKey = ApiKey, HttpClient? httpClient = null, Action<QwenClientOptions>? configure = null)
    {
        QwenClientOptions options = TestClients.Options(Endpoint, apiKey);
        options.MaxRetries = 0;
        configure?.Invoke(options);
        return httpClient is null ? new QwenChatClient(options) : new QwenChatClient(options, httpClient);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ReplyAsync(RawConnection connection)
    {
        _ = await connection.ReadRequestAsync();
        ErrorReply reply = Reply;
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {ReasonPhrases.GetReasonPhrase(reply.Status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {reply.ContentType}\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n");
        foreach ((string name, string value) in reply.Headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await connection.WriteAsync(head.Append("\r\n").ToString());
        await connection.WriteAsync(reply.Body.AsMemory(0, reply.AbortAfterBytes is { } cut ? Math.Min(cut, reply.Body.Length) : reply.Body.Length));
        connection.EndOutput();

        // Wait for the client to close its side: closing first with unread data would reset the connection.
        await connection.StallUntilClientLeavesAsync();
    }
}
