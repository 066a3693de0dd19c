using System.Diagnostics;
using System.Text.RegularExpressions;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Tools;

public sealed partial class HostProgramTests
{
    [Fact]
    public async Task Host_PortZero_PrintsOneListeningLineServesAndExitsWhenStdinCloses()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = StartHost("--port", "0", "--api-key", "host-key");

        var line = await host.StandardOutput.ReadLineAsync(timeout.Token);
        var match = ListeningLine().Match(line ?? "");
        Assert.True(match.Success, $"Unexpected first line: '{line}'.");
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, match.Groups["endpoint"].Value + "/chat/completions")
        {
            Content = new StringContent(ChatBodies.User("Hi")),
        };
        request.Headers.Authorization = new("Bearer", "host-key");
        using var response = await client.SendAsync(request, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);

        host.StandardInput.Close();
        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, host.ExitCode);
        Assert.Equal("", await host.StandardOutput.ReadToEndAsync(timeout.Token));
    }

    [Fact]
    public async Task Host_BadArgument_ExitsWithUsageOnStderr()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var host = StartHost("--port", "not-a-port");

        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.Equal("", await host.StandardOutput.ReadToEndAsync(timeout.Token));
        Assert.Contains("--port needs a number", await host.StandardError.ReadToEndAsync(timeout.Token), StringComparison.Ordinal);
    }

    private static Process StartHost(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QwenApi.Simulator.Host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
    }

    // The SDK tells test processes which dotnet runs them; fall back to the one on PATH.
    private static string DotnetPath() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    [GeneratedRegex(@"^Listening on (?<endpoint>http://127\.0\.0\.1:\d+/v1)$")]
    private static partial Regex ListeningLine();
}
