// An ASP.NET Core minimal API that streams Qwen's answer to the browser over Server-Sent Events.
// Settings come from appsettings.json ("Qwen" section); the key from QWEN_API_KEY (or Qwen:ApiKey).
// Offline by default: without a key it talks to the local Qwen simulator.
//   dotnet run --project samples/QwenWebApi            serves http://127.0.0.1:5080 until stopped (Ctrl+C)
//   dotnet run --project samples/QwenWebApi -- --once  asks itself one question over HTTP, prints the stream, exits
using QwenWebApi;

await using QwenWebApp web = await QwenWebApp.StartAsync(args, Console.Error);
if (args.Contains("--once"))
{
    await web.AskAsync("Why is the sky blue?", Console.Out);
    return;
}

await web.App.WaitForShutdownAsync();
