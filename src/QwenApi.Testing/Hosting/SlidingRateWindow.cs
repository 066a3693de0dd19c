namespace QwenApi.Testing;

/// <summary>
/// A true sliding minute: every admitted request is kept with its time and tokens, and leaves the window exactly
/// <see cref="RateWindow.Length"/> after it was admitted, so capacity comes back piece by piece rather than all at once.
/// </summary>
internal sealed class SlidingRateWindow : RateWindow
{
    // Oldest first from _head; the list is compacted when half of it is dead, so indexing stays O(1).
    private readonly List<(DateTimeOffset At, long Tokens)> _admitted = [];
    private int _head;
    private long _tokens;

    public override int Requests => _admitted.Count - _head;

    public override long Tokens => _tokens;

    public override void Advance(DateTimeOffset now)
    {
        while (_head < _admitted.Count && _admitted[_head].At + Length <= now)
        {
            _tokens -= _admitted[_head].Tokens;
            _head++;
        }

        if (_head > 64 && _head * 2 > _admitted.Count)
        {
            _admitted.RemoveRange(0, _head);
            _head = 0;
        }
    }

    public override void Add(DateTimeOffset now, long tokens)
    {
        _admitted.Add((now, tokens));
        _tokens += tokens;
    }

    public override TimeSpan UntilRequestFits(DateTimeOffset now, int limit) =>
        Requests < limit ? TimeSpan.Zero : ExpiryOf(_head + Requests - limit, now);

    public override TimeSpan UntilTokensFit(DateTimeOffset now, long limit, long tokens)
    {
        long excess = _tokens + tokens - limit;
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }

        if (tokens > limit)
        {
            return Length;
        }

        long freed = 0;
        for (int i = _head; i < _admitted.Count; i++)
        {
            freed += _admitted[i].Tokens;
            if (freed >= excess)
            {
                return ExpiryOf(i, now);
            }
        }

        return UntilEmpty(now);
    }

    public override TimeSpan UntilEmpty(DateTimeOffset now) => Requests == 0 ? TimeSpan.Zero : ExpiryOf(_admitted.Count - 1, now);

    private TimeSpan ExpiryOf(int index, DateTimeOffset now) => _admitted[index].At + Length - now;
}
