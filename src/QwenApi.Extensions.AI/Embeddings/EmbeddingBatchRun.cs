using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// One <see cref="QwenEmbeddingGenerator.GenerateAsync"/> call: its inputs split into requests of the model's maximum,
/// sent by at most <see cref="QwenClientOptions.MaxConcurrentEmbeddingRequests"/> workers through the shared transport
/// (each request is one transport call: retries, timeouts, limits and governance apply per batch), and gathered in input
/// order. The first batch that fails cancels the others in flight and the rest never start; the call throws that batch's
/// typed exception, naming its inputs. The caller's cancellation stops everything and surfaces as theirs.
/// </summary>
internal sealed class EmbeddingBatchRun
{
    private readonly QwenTransport _transport;
    private readonly TimeProvider _time;
    private readonly string _model;
    private readonly string[] _inputs;
    private readonly int? _dimensions;
    private readonly PassThroughFields _fields;
    private readonly EmbeddingEncodingChoice _encoding;
    private readonly int _inputCount;
    private readonly int _batchSize;
    private readonly int? _expectedDimensions;
    private readonly int _concurrency;
    private readonly byte[][] _bodies;
    private readonly bool[] _base64;
    private readonly int[] _estimates;
    private readonly Embedding<float>[] _results;
    private long _promptTokens;
    private long _totalTokens;
    private int _batchesWithUsage;
    private int _next = -1;
    private Exception? _failure;

    /// <summary>Builds every request body now, so bad options throw at the call site before anything is sent.</summary>
    public EmbeddingBatchRun(QwenTransport transport, TimeProvider time, string model, string[] inputs, int? dimensions, PassThroughFields fields, EmbeddingEncodingChoice encoding, int concurrency)
    {
        _transport = transport;
        _time = time;
        _model = model;
        _inputs = inputs;
        _dimensions = dimensions;
        _fields = fields;
        _encoding = encoding;
        _inputCount = inputs.Length;
        _batchSize = EmbeddingModelLimits.MaxInputsPerRequest(model);
        _expectedDimensions = EmbeddingModelLimits.ExpectedDimensions(model, dimensions);
        _results = new Embedding<float>[inputs.Length];
        int batches = (inputs.Length + _batchSize - 1) / _batchSize;
        _concurrency = Math.Min(concurrency, batches);
        _bodies = new byte[batches][];
        _base64 = new bool[batches];
        _estimates = new int[batches];
        for (int b = 0; b < batches; b++)
        {
            (int start, int count) = Range(b);
            WriteBody(b, start, count);
            _estimates[b] = transport.NeedsTokenEstimate ? EstimateTokens(inputs, start, count) : 0;
        }
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task[_concurrency];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync(stop);
        }

        await Task.WhenAll(workers).ConfigureAwait(false); // workers never throw: they record the failure
        cancellationToken.ThrowIfCancellationRequested();
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        return new GeneratedEmbeddings<Embedding<float>>(_results)
        {
            Usage = _batchesWithUsage == 0 ? null : new UsageDetails { InputTokenCount = _promptTokens, TotalTokenCount = _totalTokens },
        };
    }

    private async Task WorkAsync(CancellationTokenSource stop)
    {
        int b;
        while ((b = Interlocked.Increment(ref _next)) < _bodies.Length && !stop.IsCancellationRequested)
        {
            (int start, int count) = Range(b);
            try
            {
                if (_base64[b] && !_encoding.Base64)
                {
                    WriteBody(b, start, count); // an earlier batch found that the server refuses base64
                }

                EmbeddingBatch batch;
                try
                {
                    batch = await SendAsync(b, count, stop.Token).ConfigureAwait(false);
                }
                catch (QwenBadRequestException refusal) when (_base64[b] && _encoding.FallBackIfRefused(refusal))
                {
                    // The server refuses base64: this batch (and every later one) asks for float instead.
                    WriteBody(b, start, count);
                    batch = await SendAsync(b, count, stop.Token).ConfigureAwait(false);
                }

                Store(batch, start);
            }
            catch (Exception ex)
            {
                // A sibling's failure (or the caller) cancelled this batch: that cancellation is not news. Anything else is
                // the call's failure; the first one wins and stops the rest.
                if (ex is OperationCanceledException && stop.IsCancellationRequested)
                {
                    return;
                }

                if (ex is QwenApiException qwen)
                {
                    qwen.Context = $"embeddings inputs {start}–{start + count - 1} of {_inputCount}";
                }

                _ = Interlocked.CompareExchange(ref _failure, ex, null);
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private Task<EmbeddingBatch> SendAsync(int b, int count, CancellationToken cancellationToken) =>
        _transport.GetResponseAsync(_bodies[b], _model, new TokenEstimate(_estimates[b], OutputCap: 0), new EmbeddingBatchReader(count, _expectedDimensions), cancellationToken);

    private void WriteBody(int b, int start, int count)
    {
        _base64[b] = _encoding.Base64;
        _bodies[b] = EmbeddingRequestWriter.Write(_model, _inputs, start, count, _dimensions, _base64[b], _fields);
    }

    private void Store(EmbeddingBatch batch, int start)
    {
        DateTimeOffset created = _time.GetUtcNow(); // the response has no "created": the time it arrived
        string model = batch.Model ?? _model;
        for (int i = 0; i < batch.Vectors.Length; i++)
        {
            _results[start + i] = new Embedding<float>(batch.Vectors[i]) { ModelId = model, CreatedAt = created };
        }

        if (batch.PromptTokens is not null || batch.TotalTokens is not null)
        {
            _ = Interlocked.Add(ref _promptTokens, batch.PromptTokens ?? 0);
            _ = Interlocked.Add(ref _totalTokens, batch.TotalTokens ?? batch.PromptTokens ?? 0);
            _ = Interlocked.Increment(ref _batchesWithUsage);
        }
    }

    private (int Start, int Count) Range(int batch) => (batch * _batchSize, Math.Min(_batchSize, _inputCount - (batch * _batchSize)));

    /// <summary>About one token per four UTF-8 bytes of the inputs (embeddings are charged their input tokens only).</summary>
    private static int EstimateTokens(string[] inputs, int start, int count)
    {
        long bytes = 0;
        for (int i = start; i < start + count; i++)
        {
            bytes += Encoding.UTF8.GetByteCount(inputs[i]);
        }

        return (int)Math.Min(int.MaxValue, Math.Max(1, (bytes + 3) / 4));
    }
}
