namespace QwenApi.Extensions.AI;

/// <summary>Reads the answer to one embeddings request; one per batch, as it knows how many inputs the batch sent.</summary>
internal sealed class EmbeddingBatchReader(int count, int? expectedDimensions) : IUnaryResponseReader<EmbeddingBatch>
{
    public string What => "a valid embeddings list";

    public EmbeddingBatch Read(QwenTransport transport, ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        EmbeddingBatch batch = EmbeddingsResponseParser.Parse(body.Span, count, expectedDimensions);
        if (ReferenceEquals(batch, EmbeddingBatch.ErrorDocument))
        {
            // An error document with a 2xx status, as chat treats one: the typed error it describes.
            throw transport.Errors.FromInBandError(ErrorBodyParser.Parse(body.Span), ResponseHeaders.RequestId(response), nothingYielded: true);
        }

        return batch;
    }

    public (long? Input, long? Total)? UsedTokens(EmbeddingBatch result) => (result.PromptTokens, result.TotalTokens ?? result.PromptTokens);
}
