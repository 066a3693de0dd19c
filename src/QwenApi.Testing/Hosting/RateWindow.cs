namespace QwenApi.Testing;

/// <summary>The requests and tokens admitted in the key's current minute, fixed or sliding. Not thread-safe: <see cref="PlanLimits"/> locks.</summary>
internal abstract class RateWindow
{
    public static TimeSpan Length { get; } = TimeSpan.FromMinutes(1);

    public abstract int Requests { get; }

    public abstract long Tokens { get; }

    public static RateWindow Create(SimulatorRateLimitWindow kind) =>
        kind == SimulatorRateLimitWindow.Sliding ? new SlidingRateWindow() : new FixedRateWindow();

    /// <summary>Forgets what has left the window at <paramref name="now"/>.</summary>
    public abstract void Advance(DateTimeOffset now);

    /// <summary>Counts an admitted request of <paramref name="tokens"/> tokens.</summary>
    public abstract void Add(DateTimeOffset now, long tokens);

    /// <summary>Gets how long until one more request fits under <paramref name="limit"/> requests.</summary>
    public abstract TimeSpan UntilRequestFits(DateTimeOffset now, int limit);

    /// <summary>Gets how long until <paramref name="tokens"/> more fit under <paramref name="limit"/>; a window's length if they never do.</summary>
    public abstract TimeSpan UntilTokensFit(DateTimeOffset now, long limit, long tokens);

    /// <summary>Gets how long until the window is back to its initial state (OpenAI's <c>x-ratelimit-reset-*</c>).</summary>
    public abstract TimeSpan UntilEmpty(DateTimeOffset now);
}
