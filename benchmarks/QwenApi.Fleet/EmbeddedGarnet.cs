using System.Net;
using Garnet;
using Garnet.server;

namespace QwenApi.Fleet;

/// <summary>
/// A Microsoft Garnet server hosted in the orchestrator process, for machines without <c>redis-server</c>. Built from
/// <see cref="GarnetServerOptions"/>, not the string[] constructor (which parses a command line and may call
/// <c>Environment.Exit</c>), with Lua on in transaction mode (Garnet's scripts are not atomic otherwise) and small memory.
/// </summary>
internal sealed class EmbeddedGarnet(int port) : RedisHost(port)
{
    private GarnetServer? _server;

    public override string Description => "garnet 2.2.12 (embedded)";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var server = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [new IPEndPoint(IPAddress.Loopback, Port)],
            EnableLua = true,
            LuaOptions = new(),
            LuaTransactionMode = true,
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "16m",
            QuietMode = true,
        });
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        _server = server;
        return Task.CompletedTask;
    }

    public override void Stop()
    {
        // Dispose closes the listener and every client connection: to the fleet, the server is gone.
        Interlocked.Exchange(ref _server, null)?.Dispose();
    }
}
