using System.Collections;
using Microsoft.Extensions.Logging;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>
/// A canary key, echoed back by the server in every place it could be, never appears in an exception (message,
/// <c>ToString()</c>, <c>Data</c>, properties, inner exceptions) or in any log line at any level; nor does content.
/// </summary>
public sealed class KeyRedactionTests
{
    private const string Key = "sk-canary-7Q2xV9pL4mN8zR";
    private const string Prompt = "PROMPT-CANARY please answer";

    public static TheoryData<string> Echoes => ["envelope", "native", "sse-framed", "html", "request-id-header", "in-band", "in-band-before-output", "429-final", "reset", "drop-mid-stream", "idle-timeout", "cut"];

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Failure_ServerEchoesKeyEverywhere_KeyNeverInExceptionOrLogs(string echo)
    {
        var clock = new TrackingTimeProvider();
        var logs = new LogCapture();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ApiKey = Key });
        foreach (SimulatorResponse response in Script(echo))
        {
            simulator.Enqueue(response);
        }

        using QwenChatClient client = TestClients.Create(
            simulator,
            clock,
            o =>
            {
                if (echo == "idle-timeout")
                {
                    // Whether the clock jumps before or after the first token, the call ends in this one timeout.
                    o.StreamIdleTimeout = TimeSpan.FromSeconds(5);
                    o.MaxRetries = 0;
                }
            },
            logs.CreateFactory());

        Task<StreamOutcome> call = ChatCalls.StreamAsync(client, Prompt);
        await clock.DriveAsync(call, echo == "idle-timeout" ? new Gates(call, () => simulator.WaitForRequestAsync(1)).Next : null);
        StreamOutcome outcome = await call;

        var error = Assert.IsAssignableFrom<QwenApiException>(outcome.Error);
        AssertNoKey(error);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.All(logs.Lines, l =>
        {
            Assert.DoesNotContain(Key, l.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("PROMPT-CANARY", l.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain("Simulated", l.AllText, StringComparison.Ordinal);
        });
        Assert.Equal(Key, simulator.Requests[0].Headers["Authorization"]["Bearer ".Length..]); // the key was really sent
    }

    [Theory]
    [InlineData(Key + "\n")]
    [InlineData(Key + "\r\nX-Evil: 1")]
    [InlineData(" " + Key)]
    [InlineData(Key + " ")]
    [InlineData(Key + "\0")]
    [InlineData("sk-canary-é7Q2xV9pL4mN8zR")]
    public void Constructor_MalformedKey_MessageNamesTheProblemButNotTheKey(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = key, ModelId = "qwen-plus" }));

        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("canary", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_MissingKey_SaysItIsMissing(string? key)
    {
        var error = Assert.Throws<ArgumentException>(() => new QwenChatClient(new QwenClientOptions { ApiKey = key, ModelId = "qwen-plus" }));

        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<SimulatorResponse> Script(string echo)
    {
        var keyHeaders = new Dictionary<string, string> { ["x-request-id"] = $"req-{Key}", ["Retry-After"] = "1" };
        string envelope = $$"""{"error":{"message":"Incorrect API key provided: {{Key}}.","type":"{{Key}}","param":"{{Key}}","code":"{{Key}}"},"request_id":"{{Key}}"}""";
        switch (echo)
        {
            case "envelope":
                return [SimulatorResponse.Error(401, envelope)];
            case "native":
                return [SimulatorResponse.Error(403, $$"""{"code":"InvalidApiKey","message":"Bad key {{Key}}","request_id":"{{Key}}"}""", new Dictionary<string, string> { ["x-request-id"] = "" })];
            case "sse-framed":
                return [SimulatorResponse.Error(400, $"data: {envelope}\n\n", contentType: "text/event-stream")];
            case "html":
                return [SimulatorResponse.Error(401, $"<html><body>Authorization: Bearer {Key} rejected</body></html>", contentType: "text/html")];
            case "request-id-header":
                return [SimulatorResponse.Error(400, headers: keyHeaders)];
            case "in-band":
                return [SimulatorResponse.InBandErrorAfterChunks(2, Key, $"key {Key} flagged", Key)];
            case "in-band-before-output":
                // An unknown in-band code before output is a server error: retried, and every retry is logged.
                return [.. Enumerable.Repeat(SimulatorResponse.Replay($"data: {envelope}\n\n", "text/event-stream"), 4)];
            case "429-final":
                return [.. Enumerable.Repeat(SimulatorResponse.Error(429, envelope, keyHeaders), 4)];
            case "reset":
                return [.. Enumerable.Repeat(SimulatorResponse.ResetBeforeHeaders(), 4)];
            case "drop-mid-stream":
                return [SimulatorResponse.DropAfterChunks(3)];
            case "idle-timeout":
                return [SimulatorResponse.StallAfterChunks(3)];
            case "cut":
                return [SimulatorResponse.CutAfterChunks(3)];
            default:
                throw new ArgumentOutOfRangeException(nameof(echo), echo, null);
        }
    }

    private static void AssertNoKey(QwenApiException error)
    {
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        string?[] fields = [error.ErrorCode, error.ErrorParam, error.ErrorType, error.RequestId, error.ResponseSnippet];
        Assert.All(fields, f => Assert.DoesNotContain(Key, f ?? string.Empty, StringComparison.Ordinal));
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
            foreach (DictionaryEntry entry in e.Data)
            {
                Assert.DoesNotContain(Key, $"{entry.Key}={entry.Value}", StringComparison.Ordinal);
            }
        }
    }
}
