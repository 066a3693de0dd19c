using System.Net;
using System.Net.Sockets;

namespace QwenApi.Tests.Shared;

/// <summary>Free loopback ports, for servers that must be told their port up front (compiled into each project that needs one).</summary>
internal static class LoopbackPort
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago: the system picks it, and the probe releases it at once.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
