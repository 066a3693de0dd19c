using System.Globalization;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// The checks Qwen's compatible mode makes on an embeddings request. Only the batch-size message is Qwen's verbatim
/// wording; the others keep its form (docs/embeddings-protocol.md).
/// </summary>
internal static class EmbeddingRequestValidator
{
    /// <summary>Gets the error for an invalid request body, or <see langword="null"/> when it is acceptable.</summary>
    public static RequestError? Validate(JsonElement? json, SimulatorBase64Embeddings base64)
    {
        if (json is not { ValueKind: JsonValueKind.Object } root)
        {
            return RequestError.InvalidParameter("The request body must be a JSON object.", null);
        }

        if (!root.TryGetProperty("model", out JsonElement modelName) || modelName.ValueKind != JsonValueKind.String || modelName.GetString()!.Length == 0)
        {
            return RequestError.InvalidParameter("The parameter 'model' is required and must be a non-empty string.", "model");
        }

        if (EmbeddingModel.Find(modelName.GetString()) is not { } model)
        {
            return RequestError.ModelNotFound(modelName.GetString()!);
        }

        return InputError(root, model) ?? OptionError(root, model, base64);
    }

    private static RequestError? InputError(JsonElement root, EmbeddingModel model)
    {
        if (!root.TryGetProperty("input", out JsonElement input)
            || (input.ValueKind != JsonValueKind.String
                && (input.ValueKind != JsonValueKind.Array || input.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))))
        {
            return RequestError.AlgoInvalidParameter("Value error, input must be a string or an array of strings.: input.contents");
        }

        string[] texts = input.ValueKind == JsonValueKind.String ? [input.GetString()!] : [.. input.EnumerateArray().Select(i => i.GetString()!)];
        if (texts.Length == 0)
        {
            return RequestError.AlgoInvalidParameter("Value error, batch size is invalid, it should not be smaller than 1.: input.contents");
        }

        if (texts.Length > model.MaxInputs)
        {
            return RequestError.AlgoInvalidParameter(Text($"Value error, batch size is invalid, it should not be larger than {model.MaxInputs}.: input.contents"));
        }

        for (int i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                return RequestError.AlgoInvalidParameter(Text($"Value error, input text should not be empty.: input.contents[{i}]"));
            }

            if (SimulatorTokenizer.Split(texts[i]).Count > model.MaxTokensPerInput)
            {
                return RequestError.AlgoInvalidParameter(Text($"Range of input length should be [1, {model.MaxTokensPerInput}]: input.contents[{i}]"));
            }
        }

        return null;
    }

    private static RequestError? OptionError(JsonElement root, EmbeddingModel model, SimulatorBase64Embeddings base64)
    {
        // Models without a choice of dimensions ignore the field, as v1 and v2 do.
        if (model.AllowedDimensions.Length > 0 && root.TryGetProperty("dimensions", out JsonElement dimensions) && dimensions.ValueKind != JsonValueKind.Null
            && (dimensions.ValueKind != JsonValueKind.Number || !dimensions.TryGetInt32(out int value) || Array.IndexOf(model.AllowedDimensions, value) < 0))
        {
            return RequestError.AlgoInvalidParameter(Text(
                $"Value error, dimension is invalid, it should be one of [{string.Join(", ", model.AllowedDimensions)}] for {model.Name}.: parameters.dimension"));
        }

        if (!root.TryGetProperty("encoding_format", out JsonElement format) || format.ValueKind == JsonValueKind.Null
            || (format.ValueKind == JsonValueKind.String && format.ValueEquals("float")))
        {
            return null;
        }

        // The wording is assumed, in the form of Qwen's other algorithm-side checks.
        return base64 == SimulatorBase64Embeddings.Reject
            ? RequestError.AlgoInvalidParameter("Value error, encoding_format should be float.: encoding_format")
            : format.ValueKind == JsonValueKind.String && format.ValueEquals("base64")
                ? null
                : RequestError.AlgoInvalidParameter("Value error, encoding_format should be one of [float, base64].: encoding_format");
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
