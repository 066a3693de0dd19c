using System.Net;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Wraps a response's content and reports, once, when it is disposed (which disposing the response does).</summary>
internal sealed class TrackingContent : HttpContent
{
    private readonly HttpContent _inner;
    private Action? _onDispose;

    public TrackingContent(HttpContent inner, Action onDispose)
    {
        _inner = inner;
        _onDispose = onDispose;
        foreach (KeyValuePair<string, IEnumerable<string>> header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(stream, cancellationToken);

    protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            Interlocked.Exchange(ref _onDispose, null)?.Invoke();
        }

        base.Dispose(disposing);
    }
}
