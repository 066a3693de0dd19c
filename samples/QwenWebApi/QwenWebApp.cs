using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using QwenApi.Testing;

namespace QwenWebApi;

/// <summary>The web app and, when no key is configured, the simulator it talks to. Callable from a test.</summary>
public sealed class QwenWebApp : IAsyncDisposable
{
    private readonly QwenSimulator? _simulator;

    private QwenWebApp(WebApplication app, QwenSimulator? simulator)
    {
        App = app;
        _simulator = simulator;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Gets the running application.</summary>
    public WebApplication App { get; }

    /// <summary>Gets the address it listens on.</summary>
    public Uri Address { get; }

    /// <summary>Builds and starts the app: <c>GET /chat?q=…</c> streams the answer as SSE events.</summary>
    /// <param name="args">Command-line arguments (any configuration key, for example <c>--urls</c> or <c>--Qwen:ModelId</c>).</param>
    /// <param name="log">Where the offline note goes.</param>
    /// <returns>The started app.</returns>
    public static async Task<QwenWebApp> StartAsync(string[] args, TextWriter log)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        QwenSimulator? simulator = null;
        if (string.IsNullOrEmpty(builder.Configuration["Qwen:ApiKey"]) && string.IsNullOrEmpty(builder.Configuration["QWEN_API_KEY"]))
        {
            simulator = await QwenSimulator.StartAsync();
            await log.WriteLineAsync($"QWEN_API_KEY is not set: using the local Qwen simulator at {simulator.Endpoint}.");
            builder.Configuration["Qwen:ApiKey"] = simulator.ApiKey;
            builder.Configuration["Qwen:Endpoint"] = simulator.Endpoint.ToString();
        }

        builder.Services.AddQwenChatClient().UseLogging();
        WebApplication app = builder.Build();
        app.MapGet("/", () => Results.Content(Page, "text/html"));
        app.MapGet("/chat", (string q, IChatClient client, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(StreamAsync(client, q, cancellationToken)));
        await app.StartAsync();
        return new QwenWebApp(app, simulator);
    }

    /// <summary>Asks the running app a question over HTTP and copies the SSE stream to <paramref name="output"/>.</summary>
    /// <param name="question">The question.</param>
    /// <param name="output">Where the events go, one line each.</param>
    /// <returns>A task that completes at the end of the stream.</returns>
    public async Task AskAsync(string question, TextWriter output)
    {
        using var http = new HttpClient { BaseAddress = Address };
        await using Stream body = await http.GetStreamAsync(new Uri("/chat?q=" + Uri.EscapeDataString(question), UriKind.Relative));
        await foreach (SseItem<string> item in SseParser.Create(body).EnumerateAsync())
        {
            await output.WriteLineAsync($"{item.EventType}: {item.Data}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    // Reasoning and answer text go out as separate event types; the finish reason ends the stream.
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(IChatClient client, string question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new QwenChatOptions { EnableThinking = true };
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(question, options, cancellationToken))
        {
            foreach (AIContent content in update.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent { Text.Length: > 0 } reasoning:
                        yield return new SseItem<string>(reasoning.Text, "reasoning");
                        break;
                    case TextContent { Text.Length: > 0 } text:
                        yield return new SseItem<string>(text.Text, "answer");
                        break;
                }
            }

            if (update.FinishReason is { } finish)
            {
                yield return new SseItem<string>(finish.Value, "done");
            }
        }
    }

    private const string Page = """
        <!doctype html><meta charset="utf-8"><title>Qwen over SSE</title>
        <form id="f"><input id="q" value="Why is the sky blue?" size="60"><button>Ask</button></form>
        <pre id="thinking" style="color:gray"></pre><pre id="answer"></pre>
        <script>
        f.onsubmit = e => { e.preventDefault(); thinking.textContent = answer.textContent = "";
          const s = new EventSource("/chat?q=" + encodeURIComponent(q.value));
          s.addEventListener("reasoning", m => thinking.textContent += m.data);
          s.addEventListener("answer", m => answer.textContent += m.data);
          s.addEventListener("done", () => s.close()); };
        </script>
        """;
}
