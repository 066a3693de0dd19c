using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Tools;

public sealed class HostProgramTests
{
    [Fact]
    public async Task Host_PortZero_PrintsOneListeningLineServesAndExitsWhenStdinCloses()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start("--port", "0", "--api-key", "host-key");

        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();
        using var response = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "host-key", timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);

        await HostProcess.StopAsync(host, timeout.Token);

        Assert.Equal(0, host.ExitCode);
        Assert.Equal("", await host.StandardOutput.ReadToEndAsync(timeout.Token));
    }

    [Fact]
    public async Task Host_BadArgument_ExitsWithUsageOnStderr()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start("--port", "not-a-port");

        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.Equal("", await host.StandardOutput.ReadToEndAsync(timeout.Token));
        Assert.Contains("--port needs a number", await host.StandardError.ReadToEndAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_RequestsPerMinute_AnswersThe429OfItsPlan()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start("--port", "0", "--api-key", "host-key", "--rpm", "1");

        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();
        using var first = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "host-key", timeout.Token);
        using var second = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "host-key", timeout.Token);
        await HostProcess.StopAsync(host, timeout.Token);

        Assert.Equal((200, 429), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("1", first.Headers.GetValues("x-ratelimit-limit-requests").Single());
    }

    [Fact]
    public async Task Host_ShuffleEmbeddings_ServesEmbeddingsOutOfInputOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start("--port", "0", "--api-key", "host-key", "--shuffle-embeddings");

        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint + "/embeddings"))
        {
            Content = new StringContent(EmbeddingsHttp.Body(["a", "b", "c"]), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "host-key");
        using var response = await client.SendAsync(request, timeout.Token);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        await HostProcess.StopAsync(host, timeout.Token);

        int[] indexes = [.. answer.RootElement.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("index").GetInt32())];
        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEqual([0, 1, 2], indexes);
        Assert.Equal([0, 1, 2], indexes.Order());
    }

    [Fact]
    public async Task Host_RealServerLimitFlags_CapTheHintAndLeaveOutTheHeaders()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start(
            "--port", "0", "--api-key", "host-key", "--rpm", "1", "--token-accounting", "admission", "--admission-max-tokens", "100",
            "--window", "sliding", "--max-retry-after", "2", "--no-ratelimit-headers");

        var endpoint = await HostProcess.ReadEndpointAsync(host, timeout.Token);
        using var client = new HttpClient();
        using var first = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "host-key", timeout.Token);
        using var second = await HostProcess.PostChatAsync(client, endpoint, ChatBodies.User("Hi"), "host-key", timeout.Token);
        await HostProcess.StopAsync(host, timeout.Token);

        Assert.Equal((200, 429), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(2), second.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain(second.Headers, h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Host_Help_PrintsEveryFlagToStdoutAndExitsZero()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = HostProcess.Start("--help");

        var help = await host.StandardOutput.ReadToEndAsync(timeout.Token);
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, host.ExitCode);
        Assert.All(
            ["qwen-simulator", "--port", "--api-key", "--script", "--record", "--rpm", "--tpm", "--ttft-ms", "--tokens-per-second", "--ignore-stdin", "--shuffle-embeddings", "--embeddings-base64", "--help", "/_simulator/requests", "/v1/embeddings",
             "--token-accounting", "--admission-max-tokens", "--window", "--max-retry-after", "--no-retry-after", "--no-ratelimit-headers"],
            flag => Assert.Contains(flag, help, StringComparison.Ordinal));
    }
}
