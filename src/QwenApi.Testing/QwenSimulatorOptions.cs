namespace QwenApi.Testing;

/// <summary>
/// Settings for a <see cref="QwenSimulator"/>. Read once by <see cref="QwenSimulator.StartAsync"/>.
/// </summary>
public sealed class QwenSimulatorOptions
{
    /// <summary>
    /// Gets or sets the bearer key the simulator accepts. Default: <c>"sim-key"</c>.
    /// Requests with another key get HTTP 401 <c>invalid_api_key</c> unless a scripted response serves them.
    /// </summary>
    public string ApiKey { get; set; } = "sim-key";

    /// <summary>
    /// Gets or sets the loopback TCP port to listen on. Default: 0, an ephemeral port chosen by the system
    /// (read it back from <see cref="QwenSimulator.Endpoint"/>).
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the clock used for the <c>created</c> field and for the delays of
    /// <see cref="SimulatorResponse.SlowDrip"/>. Default: <see cref="TimeProvider.System"/>.
    /// Pass a fake time provider to make drip tests independent of the wall clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets a function producing the default answer text for a request. Default: <see langword="null"/>,
    /// which answers <c>"Simulated answer to: "</c> followed by the text of the last user message.
    /// Not used when the last message is a <c>tool</c> result. When set, it also answers requests whose
    /// <c>response_format</c> asks for JSON (its text is sent as is); when not set, those get generated JSON: an object
    /// valid for the <c>json_schema</c> schema, or for <c>json_object</c> valid for a schema written in the prompt, else
    /// <c>{"answer":"Simulated answer to: …"}</c>.
    /// </summary>
    public Func<SimulatorRequest, string>? AnswerFactory { get; set; }

    /// <summary>
    /// Gets or sets a function producing the reasoning text emitted when a request sets <c>enable_thinking</c>.
    /// Default: <see langword="null"/>, which reasons <c>"Thinking about: "</c> followed by the text of the last
    /// user message.
    /// </summary>
    public Func<SimulatorRequest, string>? ReasoningFactory { get; set; }

    /// <summary>
    /// Gets or sets a callback run for every recorded request (every path but <c>/_simulator/…</c>), after it is
    /// recorded and before it is answered, on the thread serving it; calls for concurrent requests can overlap.
    /// Default: <see langword="null"/>. If it throws, that request is answered with HTTP 500 <c>simulator_error</c>.
    /// Use it to log requests as they arrive, for example to a file with <see cref="SimulatorRequest.ToJson"/>.
    /// </summary>
    public Action<SimulatorRequest>? RequestReceived { get; set; }

    /// <summary>
    /// Gets or sets the key's requests per minute (over <see cref="RateLimitWindow"/>: by default a fixed one-minute window
    /// opened by the first request), or <see langword="null"/> (the default) for no limit. Past it, requests get a 429 with
    /// <c>Retry-After</c> (by default the time until a request fits again) and the error code <c>limit_requests</c>; every
    /// answer carries <c>x-ratelimit-*</c> headers (see <see cref="SendRateLimitHeaders"/>). Scripted responses are not counted.
    /// </summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Gets or sets the key's tokens per minute (each request charged as <see cref="TokenAccounting"/> says, by default the
    /// prompt plus completion tokens of its answer, counted when it is admitted), or <see langword="null"/> (the default)
    /// for no limit. Past it: a 429 with code <c>limit_tokens</c>.
    /// </summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>
    /// Gets or sets what a request is charged against <see cref="TokensPerMinute"/>. Default:
    /// <see cref="SimulatorTokenAccounting.Usage"/> (the answer's prompt plus completion tokens);
    /// <see cref="SimulatorTokenAccounting.Admission"/> charges the prompt plus the request's maximum output, as OpenAI does.
    /// </summary>
    public SimulatorTokenAccounting TokenAccounting { get; set; }

    /// <summary>
    /// Gets or sets the maximum output charged under <see cref="SimulatorTokenAccounting.Admission"/> for a request that sends
    /// neither <c>max_completion_tokens</c> nor <c>max_tokens</c>. Default: 8,192 (the maximum output of <c>qwen-plus</c>).
    /// Must be positive.
    /// </summary>
    public int AdmissionMaxTokens { get; set; } = 8192;

    /// <summary>
    /// Gets or sets the window <see cref="RequestsPerMinute"/> and <see cref="TokensPerMinute"/> are counted over. Default:
    /// <see cref="SimulatorRateLimitWindow.Fixed"/> (one-minute windows opened by the first request);
    /// <see cref="SimulatorRateLimitWindow.Sliding"/> counts the 60 seconds before each request.
    /// </summary>
    public SimulatorRateLimitWindow RateLimitWindow { get; set; }

    /// <summary>
    /// Gets or sets the longest wait a 429's <c>Retry-After</c> (and its message) states, or <see langword="null"/> (the
    /// default) for the truthful wait until the request would fit. Real servers send short hints (OpenAI's are often under
    /// 2 s) whatever the window says; a client that trusts them retries early. <c>Retry-After</c> is in whole seconds, so
    /// the cap is rounded up to one. Must be positive when set.
    /// </summary>
    public TimeSpan? MaxRetryAfterHint { get; set; }

    /// <summary>Gets or sets a value indicating whether a 429 carries <c>Retry-After</c>. Default: <see langword="true"/>.</summary>
    public bool SendRetryAfter { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether answers carry OpenAI's <c>x-ratelimit-limit-</c>, <c>-remaining-</c> and
    /// <c>-reset-requests</c> and <c>-tokens</c> headers while a limit is set (resets as durations such as <c>20ms</c>,
    /// <c>1.5s</c>, <c>60s</c>). Default: <see langword="true"/>.
    /// </summary>
    public bool SendRateLimitHeaders { get; set; } = true;

    /// <summary>Gets or sets how long a default answer waits before its first byte (on <see cref="TimeProvider"/>). Defaults to zero.</summary>
    public TimeSpan TimeToFirstToken { get; set; }

    /// <summary>
    /// Gets or sets how fast a default answer is generated, in tokens per second: each streamed chunk (one token) follows
    /// the previous one by one interval, and a unary answer sends its body once all its completion tokens would have been
    /// generated (completion tokens / rate after <see cref="TimeToFirstToken"/>), as a real model does.
    /// <see langword="null"/> (the default) answers as fast as possible.
    /// </summary>
    public double? TokensPerSecond { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether default embeddings answers send their <c>data</c> items out of input order
    /// (a permutation seeded by the request number, never input order when there are two inputs or more). Each item keeps
    /// its input's <c>index</c>, so a client that pairs vectors with inputs by <c>index</c> passes and one that pairs them
    /// by position fails. Default: <see langword="false"/> (input order).
    /// </summary>
    public bool ShuffleEmbeddings { get; set; }

    /// <summary>
    /// Gets or sets what an embeddings request that asks for <c>encoding_format: "base64"</c> gets: base64 vectors
    /// (<see cref="SimulatorBase64Embeddings.Honor"/>, the default), arrays of numbers, or a 400.
    /// </summary>
    public SimulatorBase64Embeddings Base64Embeddings { get; set; }
}
