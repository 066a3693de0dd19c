using System.Diagnostics.CodeAnalysis;

namespace QwenApi.Extensions.AI;

/// <summary>Reads the answer to one embeddings request; one per batch, as it knows how many inputs the batch sent.</summary>
internal sealed class EmbeddingBatchReader(int count, int? expectedDimensions) : IUnaryResponseReader<EmbeddingBatch>
{
    public string What => "a valid embeddings list";

    public bool TryRead(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out EmbeddingBatch? result)
    {
        EmbeddingBatch batch = EmbeddingsResponseParser.Parse(body.Span, count, expectedDimensions);
        result = ReferenceEquals(batch, EmbeddingBatch.ErrorDocument) ? null : batch;
        return result is not null;
    }

    public (long? Input, long? Total)? UsedTokens(EmbeddingBatch result) => (result.PromptTokens, result.TotalTokens ?? result.PromptTokens);
}
