namespace QwenApi.Fleet;

/// <summary>HTTP attempts a worker's client sent and how many the server answered with 429. Thread-safe.</summary>
internal sealed class HttpCounts
{
    private long _sent;
    private long _tooManyRequests;

    public long Sent => Interlocked.Read(ref _sent);

    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountTooManyRequests() => Interlocked.Increment(ref _tooManyRequests);
}
