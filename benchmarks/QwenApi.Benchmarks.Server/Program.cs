using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenApi.Benchmarks.Server;

// Serves pre-built Qwen-shaped payloads on a loopback port as fast as Kestrel can write them:
//   POST /{payload}/v1/chat/completions   where {payload} is a name from Payloads.All;
//   POST /{payload}/v1/embeddings         emb-{n}, or emb-{n}-base64 when the request asks for base64.
// Prints "PORT=<n>" on stdout once listening. Exits when stdin closes, so it never outlives the benchmark process.
WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.Logging.ClearProviders();
builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, 0);
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxConcurrentConnections = null;
});
WebApplication app = builder.Build();
IReadOnlyDictionary<string, Payload> payloads = Payloads.All();
app.Run(async context =>
{
    string path = context.Request.Path.Value ?? string.Empty;
    int slash = path.IndexOf('/', 1);
    string payload = slash > 1 ? path[1..slash] : string.Empty;
    bool embeddings = path.EndsWith("/v1/embeddings", StringComparison.Ordinal);
    if (!HttpMethods.IsPost(context.Request.Method) || !(embeddings || path.EndsWith("/v1/chat/completions", StringComparison.Ordinal))
        || !payloads.TryGetValue(payload, out Payload? body))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }

    if (embeddings)
    {
        // Each client gets the encoding it asks for: the OpenAI SDK sends "encoding_format":"base64" by default.
        using var request = new MemoryStream();
        await context.Request.Body.CopyToAsync(request, context.RequestAborted);
        if (request.GetBuffer().AsSpan(0, (int)request.Length).IndexOf("\"base64\""u8) >= 0
            && !payloads.TryGetValue(payload + EmbeddingPayloads.Base64Suffix, out body))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
    }
    else
    {
        // Drain the request body so the connection can be reused; its content does not matter.
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
    }

    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = body.ContentType;
    await context.Response.Body.WriteAsync(body.Bytes, context.RequestAborted);
});

await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine("PORT=" + new Uri(address).Port);
Console.Out.Flush();

// The parent holds our stdin open; when it exits (or closes it), so do we.
await Task.Run(() => Console.In.ReadToEnd());
await app.StopAsync();
