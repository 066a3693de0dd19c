namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>A user handler for the factory-made HttpClient: stamps a header on each attempt and counts attempts.</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private int _attempts;

    public int Attempts => _attempts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int attempt = Interlocked.Increment(ref _attempts);
        request.Headers.Add("X-Handler-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return base.SendAsync(request, cancellationToken);
    }
}
