using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>The checks Qwen's compatible mode makes before answering, with its error codes.</summary>
internal static class ChatRequestValidator
{
    private static readonly string[] s_roles = ["system", "user", "assistant", "tool"];

    /// <summary>Gets the error for an invalid request body, or <see langword="null"/> when it is acceptable.</summary>
    public static RequestError? Validate(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } root)
        {
            return RequestError.InvalidParameter("The request body must be a JSON object.", null);
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            return RequestError.InvalidParameter("The parameter 'model' is required and must be a non-empty string.", "model");
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return RequestError.InvalidParameter("The parameter 'messages' is required and must be a non-empty array.", "messages");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r)
                && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

            // Qwen rejects OpenAI's "developer" role: clients must send "system".
            if (role is null || Array.IndexOf(s_roles, role) < 0)
            {
                return RequestError.InvalidParameter(
                    $"The parameter 'messages[{index}].role' must be one of system, user, assistant, tool; got '{role}'.",
                    $"messages[{index}].role");
            }

            index++;
        }

        if (root.TryGetProperty("max_tokens", out var max) && max.ValueKind != JsonValueKind.Null
            && (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var value) || value < 1))
        {
            return RequestError.InvalidParameter("The parameter 'max_tokens' must be a positive integer.", "max_tokens");
        }

        var name = model.GetString()!;
        return name.StartsWith("qwen", StringComparison.Ordinal) ? null : RequestError.ModelNotFound(name);
    }
}
