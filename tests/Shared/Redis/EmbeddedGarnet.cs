using System.Net;
using System.Reflection;
using Garnet;
using Garnet.server;

namespace QwenApi.Tests.Shared;

/// <summary>
/// Microsoft Garnet in the test process, memory only and small, with Lua scripts run as transactions (without
/// <c>LuaTransactionMode</c> Garnet's scripts are not atomic: concurrent read-modify-write scripts lose updates).
/// Built from <see cref="GarnetServerOptions"/>, not from command-line arguments, whose constructor installs a console
/// trace listener and may end the process. Stopping disposes it: client sockets close at once and the port is free again.
/// </summary>
internal sealed class EmbeddedGarnet : ITestRedisHost
{
    private static readonly string s_version = typeof(GarnetServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
    private GarnetServer? _server;

    /// <inheritdoc/>
    public string Description => $"Garnet {s_version} (embedded)";

    /// <inheritdoc/>
    public Task StartAsync(int port)
    {
        var options = new GarnetServerOptions
        {
            EndPoints = [new IPEndPoint(IPAddress.Loopback, port)],
            EnableLua = true,
            LuaOptions = new(), // left null, the store throws NullReferenceException on the first script
            LuaTransactionMode = true,
            QuietMode = true,
            // Small, so that every test class can have a server of its own; the tests keep a few keys each.
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "1m",
        };
        _server = new GarnetServer(options);
        _server.Start(); // listening when it returns
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync()
    {
        _server?.Dispose();
        _server = null;
        return Task.CompletedTask;
    }
}
