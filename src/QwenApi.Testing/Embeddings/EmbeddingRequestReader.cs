using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>Reads an embeddings request body into an <see cref="EmbeddingRequestInfo"/>, ignoring what it cannot use.</summary>
internal static class EmbeddingRequestReader
{
    public static EmbeddingRequestInfo Read(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } root)
        {
            return new EmbeddingRequestInfo();
        }

        List<string> inputs = [];
        if (root.TryGetProperty("input", out JsonElement input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                inputs.Add(input.GetString()!);
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                inputs.AddRange(input.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!));
            }
        }

        return new EmbeddingRequestInfo
        {
            Model = root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
            Inputs = inputs,
            Dimensions = root.TryGetProperty("dimensions", out JsonElement dimensions) && dimensions.ValueKind == JsonValueKind.Number
                && dimensions.TryGetInt32(out int value) ? value : null,
            Base64 = root.TryGetProperty("encoding_format", out JsonElement format) && format.ValueKind == JsonValueKind.String
                && format.ValueEquals("base64"),
        };
    }
}
