using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Tools;

/// <summary>The host with <c>--script</c> and <c>--record</c>, driven from a plain HttpClient as a test in any language would.</summary>
public sealed class HostScriptTests : IDisposable
{
    private const string Script = """
        [
          {"answer": "Scripted hello", "reasoning": "Because"},
          {"when": "weather", "toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "call_1"}]},
          {"error": {"status": 429, "body": {"error": {"message": "slow down", "code": "limit_requests"}}, "headers": {"Retry-After": "2"}}},
          {"answer": "With a header", "headers": {"x-extra": "1"}}
        ]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("qwen-host-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Host_Script_ServesEntriesInOrderMarkersFirstThenDefault()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var host = HostProcess.Start("--script", WriteFile("responses.json", Script));
        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();

        var weather = await PostAsync(client, endpoint, "weather in Paris?", timeout.Token);
        var first = await PostAsync(client, endpoint, "Hi", timeout.Token);
        using var limited = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Again"), "sim-key", timeout.Token);
        using var withHeader = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Header"), "sim-key", timeout.Token);
        var fallback = await PostAsync(client, endpoint, "Then", timeout.Token);
        await HostProcess.StopAsync(host, timeout.Token);

        var call = weather.GetProperty("tool_calls")[0];
        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"city":"Paris"}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("Scripted hello", first.GetProperty("content").GetString());
        Assert.Equal("Because", first.GetProperty("reasoning_content").GetString());
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("2", string.Join(",", limited.Headers.GetValues("Retry-After")));
        Assert.Equal("""{"error":{"message":"slow down","code":"limit_requests"}}""", await limited.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal("1", string.Join(",", withHeader.Headers.GetValues("x-extra")));
        Assert.Equal("Simulated answer to: Then", fallback.GetProperty("content").GetString());
        Assert.Equal(0, host.ExitCode);
    }

    [Fact]
    public async Task Host_Record_AppendsEachRequestAsJsonLineBeforeAnsweringAndServesThemOverHttp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var record = Path.Combine(_directory, "requests.jsonl");
        using var host = HostProcess.Start("--record", record, "--api-key", "secret-key");
        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();

        using var response = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "secret-key", timeout.Token);
        var lines = await File.ReadAllLinesAsync(record, timeout.Token);
        var served = await client.GetStringAsync(new Uri(new Uri(endpoint), "/_simulator/requests"), timeout.Token);
        await HostProcess.StopAsync(host, timeout.Token);

        var line = Assert.Single(lines);
        var recorded = JsonDocument.Parse(line).RootElement;
        Assert.Equal(1, recorded.GetProperty("sequence").GetInt32());
        Assert.Equal("POST", recorded.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", recorded.GetProperty("path").GetString());
        Assert.Equal(ChatBodies.User("Hi"), recorded.GetProperty("body").GetRawText());
        Assert.DoesNotContain("secret-key", line, StringComparison.Ordinal);
        Assert.False(recorded.GetProperty("headers").TryGetProperty("Authorization", out _));
        Assert.Equal("[" + line + "]", served);
    }

    [Fact]
    public async Task Host_ScriptWithReplayFileAndFault_ReplaysRelativeFileThenCutsTheStream()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WriteFile("recorded.sse", "data: {\"choices\":[]}\n\ndata: [DONE]\n\n");
        var script = WriteFile("faults.json", """[{"replayFile":"recorded.sse","splitEveryBytes":5},{"fault":"cutAfterChunks","chunks":1}]""");
        using var host = HostProcess.Start("--script", script);
        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();

        using var replayed = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("One"), "sim-key", timeout.Token);
        using var cut = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Two", stream: true), "sim-key", timeout.Token);
        var cutBody = await cut.Content.ReadAsStringAsync(timeout.Token);
        await HostProcess.StopAsync(host, timeout.Token);

        Assert.Equal("text/event-stream", replayed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", await replayed.Content.ReadAsStringAsync(timeout.Token));
        // One role chunk (its "created" is the wall clock), then the end of the body: no finish chunk, no [DONE].
        Assert.StartsWith("""data: {"choices":[{"delta":{"content":"","role":"assistant"},"finish_reason":null""", cutBody, StringComparison.Ordinal);
        Assert.EndsWith("\"id\":\"chatcmpl-sim-2\"}\n\n", cutBody, StringComparison.Ordinal);
        Assert.Equal(1, cutBody.Split("data: ").Length - 1);
    }

    [Fact]
    public async Task Host_ScriptWithUnknownKey_ExitsWith2NamingTheEntry()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var path = WriteFile("bad.json", """[{"answer":"ok"},{"anwser":"typo"}]""");
        using var host = HostProcess.Start("--script", path);

        var error = await host.StandardError.ReadToEndAsync(timeout.Token);
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.StartsWith($"{path}, entry 2: unknown key 'anwser'", error, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string endpoint, string prompt, CancellationToken cancellationToken)
    {
        using var response = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User(prompt), "sim-key", cancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").Clone();
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
