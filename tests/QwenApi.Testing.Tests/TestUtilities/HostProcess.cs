using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Runs tools/QwenApi.Simulator.Host as a separate process, as CI and tests in other languages do.</summary>
internal static partial class HostProcess
{
    public static Process Start(params string[] arguments)
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

    /// <summary>Reads the first stdout line and returns the endpoint it announces.</summary>
    public static async Task<string> ReadEndpointAsync(Process host, CancellationToken cancellationToken)
    {
        var line = await host.StandardOutput.ReadLineAsync(cancellationToken);
        var match = ListeningLine().Match(line ?? "");
        Assert.True(match.Success, $"Unexpected first line: '{line}'. Stderr: {(line is null ? await host.StandardError.ReadToEndAsync(cancellationToken) : "")}");
        return match.Groups["endpoint"].Value;
    }

    /// <summary>Posts a chat body with a bearer key, as any HTTP client would.</summary>
    public static async Task<HttpResponseMessage> PostChatAsync(
        HttpClient client, string endpoint, string body, string apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>Closes stdin (the host's stop signal) and waits for it to exit.</summary>
    public static async Task StopAsync(Process host, CancellationToken cancellationToken)
    {
        host.StandardInput.Close();
        await host.WaitForExitAsync(cancellationToken);
    }

    // The SDK tells test processes which dotnet runs them; fall back to the one on PATH.
    private static string DotnetPath() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    [GeneratedRegex(@"^Listening on (?<endpoint>http://127\.0\.0\.1:\d+/v1)$")]
    private static partial Regex ListeningLine();
}
