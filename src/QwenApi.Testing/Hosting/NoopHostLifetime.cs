using Microsoft.Extensions.Hosting;

namespace QwenApi.Testing;

/// <summary>
/// Replaces the console lifetime so an embedded simulator never hooks Ctrl+C or SIGTERM of the process it
/// runs in: the owner stops it with <see cref="QwenSimulator.DisposeAsync"/>.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
