using System.Globalization;
using QwenApi.Testing;

namespace QwenApi.Simulator.Host;

/// <summary>
/// The command line: <c>[--port N] [--api-key K] [--script FILE] [--record FILE] [plan limits] [--ignore-stdin] [--help]</c>.
/// </summary>
internal sealed class HostArguments
{
    public const string Usage =
        """
        Usage: qwen-simulator [--port N] [--api-key KEY] [--script FILE] [--record FILE] [--rpm N] [--tpm N]
                              [--token-accounting usage|admission] [--admission-max-tokens N] [--window fixed|sliding]
                              [--max-retry-after S] [--no-retry-after] [--no-ratelimit-headers]
                              [--ttft-ms N] [--tokens-per-second N] [--shuffle-embeddings]
                              [--embeddings-base64 honor|ignore|reject] [--ignore-stdin]
        (from source: dotnet run --project tools/QwenApi.Simulator.Host -- [options])

          --port N         loopback port to listen on (default 0: an ephemeral port)
          --api-key KEY    bearer key to accept (default sim-key); other keys get 401 unless a script entry serves them
          --script FILE    JSON array of responses to serve, in order, before the default answers. Each entry is one of
                             {"answer":"Hi","reasoning":"..."}
                             {"toolCalls":[{"name":"get_weather","arguments":{"city":"Paris"},"id":"call_1"}],"text":""}
                             {"error":{"status":429,"body":"...","headers":{"Retry-After":"2"},"contentType":"..."}}
                             {"replayFile":"recorded.sse","splitEveryBytes":64}  (path relative to the script)
                             {"fault":"resetBeforeHeaders"|"stallBeforeHeaders"}
                             {"fault":"stallAfterChunks"|"dropAfterChunks"|"cutAfterChunks"|"inBandErrorAfterChunks","chunks":2}
                             {"slowDripMs":500}
                             {}  (the default answer, in its turn)
                           optionally with "when":"text" (serve it to the next request whose last user message, or
                           for embeddings one of whose inputs, contains the text) and "headers":{...} (extra
                           response headers). Embeddings requests take error, replay, reset/stall-before-headers and
                           {} entries; the other kinds are chat answers.
          --record FILE    append every request to FILE as one JSON line (method, path, headers without
                           Authorization, body), written before the request is answered
          --rpm N          the key's requests per minute: past it, 429 limit_requests with Retry-After
          --tpm N          the key's tokens per minute: past it, 429 limit_tokens with Retry-After
                           (answers then carry x-ratelimit-limit/remaining/reset-requests and -tokens headers,
                           resets as durations such as 20ms, 1.5s, 60s)
          --token-accounting usage|admission
                           what a request is charged against --tpm: usage (default: prompt + completion tokens of
                           its answer) or admission (as OpenAI: prompt + max_completion_tokens or max_tokens, charged
                           when admitted and never refunded)
          --admission-max-tokens N
                           the maximum output admission charges when a request sends none (default 8192)
          --window fixed|sliding
                           fixed (default: one-minute windows opened by the first request) or sliding (the 60 s
                           before each request)
          --max-retry-after S
                           cap the Retry-After hint (and the wait in the 429's message) at S whole seconds, as real
                           servers' short hints (default: the truthful wait)
          --no-retry-after send 429s without Retry-After
          --no-ratelimit-headers
                           send no x-ratelimit-* headers
          --ttft-ms N      wait N ms before the first byte of each default answer
          --tokens-per-second N
                           generate default answers at N tokens per second (one streamed chunk
                           each; a unary answer is sent when all its tokens are generated)
          --shuffle-embeddings
                           send the data items of embeddings answers out of input order (each keeps its index)
          --embeddings-base64 honor|ignore|reject
                           what encoding_format "base64" gets: base64 vectors (default), arrays of numbers, or a 400
          --ignore-stdin   keep running when standard input closes (stop with SIGTERM or Ctrl+C)
          --help           show this help

        Prints one line 'Listening on http://127.0.0.1:PORT/v1' to stdout, then runs until standard input closes,
        SIGTERM or Ctrl+C. Answers POST /v1/chat/completions and POST /v1/embeddings (text-embedding-v4, -v3, -v2,
        -v1: deterministic unit vectors) like Qwen; GET /_simulator/requests returns the requests
        received so far as a JSON array, DELETE /_simulator/requests forgets them.
        """;

    public int Port { get; private set; }

    public string ApiKey { get; private set; } = "sim-key";

    public string? ScriptPath { get; private set; }

    public string? RecordPath { get; private set; }

    public bool IgnoreStdin { get; private set; }

    public bool ShowHelp { get; private set; }

    public int? RequestsPerMinute { get; private set; }

    public int? TokensPerMinute { get; private set; }

    public TimeSpan TimeToFirstToken { get; private set; }

    public double? TokensPerSecond { get; private set; }

    public SimulatorTokenAccounting TokenAccounting { get; private set; }

    public int AdmissionMaxTokens { get; private set; } = 8192;

    public SimulatorRateLimitWindow RateLimitWindow { get; private set; }

    public TimeSpan? MaxRetryAfterHint { get; private set; }

    public bool SendRetryAfter { get; private set; } = true;

    public bool SendRateLimitHeaders { get; private set; } = true;

    public bool ShuffleEmbeddings { get; private set; }

    public SimulatorBase64Embeddings Base64Embeddings { get; private set; }

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new HostArguments();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    var text = Value(args, ref i);
                    parsed.Port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new ArgumentException($"--port needs a number from 0 to 65535, not '{text}'.");
                    break;
                case "--api-key":
                    parsed.ApiKey = NonEmpty(args, ref i);
                    break;
                case "--script":
                    parsed.ScriptPath = NonEmpty(args, ref i);
                    break;
                case "--record":
                    parsed.RecordPath = NonEmpty(args, ref i);
                    break;
                case "--rpm":
                    parsed.RequestsPerMinute = Positive(args, ref i);
                    break;
                case "--tpm":
                    parsed.TokensPerMinute = Positive(args, ref i);
                    break;
                case "--ttft-ms":
                    parsed.TimeToFirstToken = TimeSpan.FromMilliseconds(Positive(args, ref i));
                    break;
                case "--tokens-per-second":
                    parsed.TokensPerSecond = Positive(args, ref i);
                    break;
                case "--token-accounting":
                    parsed.TokenAccounting = Choice(args, ref i, ("usage", SimulatorTokenAccounting.Usage), ("admission", SimulatorTokenAccounting.Admission));
                    break;
                case "--admission-max-tokens":
                    parsed.AdmissionMaxTokens = Positive(args, ref i);
                    break;
                case "--window":
                    parsed.RateLimitWindow = Choice(args, ref i, ("fixed", SimulatorRateLimitWindow.Fixed), ("sliding", SimulatorRateLimitWindow.Sliding));
                    break;
                case "--max-retry-after":
                    parsed.MaxRetryAfterHint = TimeSpan.FromSeconds(Positive(args, ref i));
                    break;
                case "--no-retry-after":
                    parsed.SendRetryAfter = false;
                    break;
                case "--no-ratelimit-headers":
                    parsed.SendRateLimitHeaders = false;
                    break;
                case "--ignore-stdin":
                    parsed.IgnoreStdin = true;
                    break;
                case "--shuffle-embeddings":
                    parsed.ShuffleEmbeddings = true;
                    break;
                case "--embeddings-base64":
                    parsed.Base64Embeddings = Choice(args, ref i, ("honor", SimulatorBase64Embeddings.Honor), ("ignore", SimulatorBase64Embeddings.Ignore), ("reject", SimulatorBase64Embeddings.Reject));
                    break;
                case "--help" or "-h" or "-?":
                    parsed.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return parsed;
    }

    private static int Positive(IReadOnlyList<string> args, ref int index)
    {
        var text = Value(args, ref index);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs a positive whole number, not '{text}'.");
    }

    private static T Choice<T>(IReadOnlyList<string> args, ref int index, params (string Name, T Value)[] choices)
    {
        var text = Value(args, ref index);
        foreach (var (name, value) in choices)
        {
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new ArgumentException($"{args[index - 1]} needs one of {string.Join('|', choices.Select(c => c.Name))}, not '{text}'.");
    }

    private static string NonEmpty(IReadOnlyList<string> args, ref int index)
    {
        var value = Value(args, ref index);
        return value.Length > 0 ? value : throw new ArgumentException($"{args[index - 1]} needs a non-empty value.");
    }

    private static string Value(IReadOnlyList<string> args, ref int index) =>
        ++index < args.Count ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");
}
