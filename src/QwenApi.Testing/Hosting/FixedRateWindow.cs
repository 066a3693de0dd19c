namespace QwenApi.Testing;

/// <summary>One-minute windows opened by the first request: everything is counted until the window ends, then forgotten at once.</summary>
internal sealed class FixedRateWindow : RateWindow
{
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _requests;
    private long _tokens;

    public override int Requests => _requests;

    public override long Tokens => _tokens;

    public override void Advance(DateTimeOffset now)
    {
        if (now >= _start + Length)
        {
            _start = now;
            _requests = 0;
            _tokens = 0;
        }
    }

    public override void Add(DateTimeOffset now, long tokens)
    {
        _requests++;
        _tokens += tokens;
    }

    public override TimeSpan UntilRequestFits(DateTimeOffset now, int limit) => _requests < limit ? TimeSpan.Zero : UntilEmpty(now);

    public override TimeSpan UntilTokensFit(DateTimeOffset now, long limit, long tokens) => _tokens + tokens <= limit ? TimeSpan.Zero : UntilEmpty(now);

    public override TimeSpan UntilEmpty(DateTimeOffset now) => _start + Length - now;
}
