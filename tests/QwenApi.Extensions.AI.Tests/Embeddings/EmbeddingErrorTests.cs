using System.Net;
using QwenApi.Extensions.AI.Tests.TestUtilities;

namespace QwenApi.Extensions.AI.Tests.Embeddings;

/// <summary>Typed errors, retries and cancellation of embeddings calls: the chat transport's behaviour, per batch.</summary>
public sealed class EmbeddingErrorTests
{
    private static readonly Dictionary<string, string> s_retryAfter2 = new() { ["Retry-After"] = "2" };

    [Fact]
    public async Task Generate_DimensionsTheModelLacks_ThrowsBadRequestNamingTheInputs()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        QwenBadRequestException error = await Assert.ThrowsAsync<QwenBadRequestException>(
            () => generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { Dimensions = 100 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.EndsWith("(embeddings inputs 0–1 of 2)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Generate_TooManyInputsScripted_ThrowsBadRequestWithQwensMessage()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue("doc-012", SimulatorResponse.Error(400, """{"error":{"message":"<400> InternalError.Algo.InvalidParameter: Value error, batch size is invalid, it should not be larger than 10.: input.contents","type":"InvalidParameter","param":null,"code":"InvalidParameter"}}"""));
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator);

        QwenBadRequestException error = await Assert.ThrowsAsync<QwenBadRequestException>(() => generator.GenerateAsync(EmbeddingClients.Docs(25)));

        Assert.Contains("batch size is invalid", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(embeddings inputs 10–19 of 25)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ErrorDocumentWithStatus200_ThrowsItsTypedErrorNamingTheInputs()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue(SimulatorResponse.Replay("""{"error":{"message":"Requests rate limit exceeded","type":"limit_requests","code":"limit_requests"},"request_id":"req-200-error"}""", "application/json"));
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxRetries = 0);

        QwenRateLimitException error = await Assert.ThrowsAsync<QwenRateLimitException>(() => generator.GenerateAsync(["a", "b"]));

        Assert.Equal("limit_requests", error.ErrorCode);
        Assert.Equal("sim-req-1", error.RequestId); // the x-request-id header, which wins over the body's
        Assert.EndsWith("(embeddings inputs 0–1 of 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WrongKey_ThrowsAuthentication()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.ApiKey = "sk-wrong-key-0123456789");

        QwenAuthenticationException error = await Assert.ThrowsAsync<QwenAuthenticationException>(() => generator.GenerateAsync(["a"]));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("sk-wrong-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ServerError_ThrowsServerExceptionAfterRetries()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        for (int i = 0; i < 2; i++)
        {
            simulator.Enqueue(SimulatorResponse.Error(500));
        }

        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxRetries = 1, clock);

        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(["a"]);
        _ = await clock.DriveAsync(call);

        QwenServerException error = await Assert.ThrowsAsync<QwenServerException>(() => call);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task Generate_429ExhaustingRetries_ThrowsRateLimitNamingTheBatch()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            simulator.Enqueue("doc-011", SimulatorResponse.Error(429, headers: s_retryAfter2));
        }

        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => { o.MaxRetries = 2; o.MaxConcurrentEmbeddingRequests = 1; }, clock);

        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(EmbeddingClients.Docs(25));
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);

        QwenRateLimitException error = await Assert.ThrowsAsync<QwenRateLimitException>(() => call);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(2, waits.Count);
        Assert.EndsWith("(embeddings inputs 10–19 of 25)", error.Message, StringComparison.Ordinal);

        // Sequential batches: the first succeeded, the second failed three times, the third never started.
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task Generate_429InTheMiddleBatch_IsRetriedAndTheCallSucceeds()
    {
        var clock = new TrackingTimeProvider();
        await using QwenSimulator reference = await QwenSimulator.StartAsync();
        using QwenEmbeddingGenerator clean = EmbeddingClients.For(reference);
        string[] docs = EmbeddingClients.Docs(25);
        GeneratedEmbeddings<Embedding<float>> expected = await clean.GenerateAsync(docs);

        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue("doc-015", SimulatorResponse.Error(429, headers: s_retryAfter2));
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, configure: null, clock);

        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(docs);
        IReadOnlyList<TimeSpan> waits = await clock.DriveAsync(call);
        GeneratedEmbeddings<Embedding<float>> result = await call;

        Assert.InRange(Assert.Single(waits), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2));
        Assert.Equal(4, simulator.Requests.Count);
        Assert.Equal(2, EmbeddingClients.Batches(simulator).Count(b => b.Contains("doc-015 about topic 15")));
        for (int i = 0; i < docs.Length; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), result[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Generate_CallerCancels_StopsInFlightBatchesWithTheCallersCancellation()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue("doc-000", SimulatorResponse.StallBeforeHeaders());
        simulator.Enqueue("doc-010", SimulatorResponse.StallBeforeHeaders());
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxConcurrentEmbeddingRequests = 2);
        using var cts = new CancellationTokenSource();

        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(EmbeddingClients.Docs(30), cancellationToken: cts.Token);
        _ = await simulator.WaitForRequestAsync(2);
        await cts.CancelAsync();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(2, simulator.Requests.Count); // the third batch never started
    }

    [Fact]
    public async Task Generate_OneBatchFails_CancelsTheOneInFlight()
    {
        await using QwenSimulator simulator = await QwenSimulator.StartAsync();
        simulator.Enqueue("doc-000", SimulatorResponse.StallBeforeHeaders());
        simulator.Enqueue("doc-010", SimulatorResponse.Error(401));
        using QwenEmbeddingGenerator generator = EmbeddingClients.For(simulator, o => o.MaxConcurrentEmbeddingRequests = 2);

        QwenAuthenticationException error = await Assert.ThrowsAsync<QwenAuthenticationException>(() => generator.GenerateAsync(EmbeddingClients.Docs(30)));

        // The call ended although batch 0 stalls forever: its request was cancelled. Batch 2 never started.
        Assert.EndsWith("(embeddings inputs 10–19 of 30)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(EmbeddingClients.Batches(simulator), b => b[0].StartsWith("doc-020", StringComparison.Ordinal));
    }
}
