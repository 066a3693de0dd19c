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
        var callIds = new HashSet<string>(StringComparer.Ordinal);
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

            if (ToolMessageError(message, role, index, callIds) is { } toolError)
            {
                return toolError;
            }

            index++;
        }

        if (root.TryGetProperty("max_tokens", out var max) && max.ValueKind != JsonValueKind.Null
            && (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var value) || value < 1))
        {
            return RequestError.InvalidParameter("The parameter 'max_tokens' must be a positive integer.", "max_tokens");
        }

        if (ResponseFormatError(root, messages) is { } formatError)
        {
            return formatError;
        }

        var name = model.GetString()!;
        return name.StartsWith("qwen", StringComparison.Ordinal) ? null : RequestError.ModelNotFound(name);
    }

    /// <summary>
    /// Qwen rejects a JSON <c>response_format</c> in thinking mode, and <c>json_object</c> unless some message contains
    /// the word "json" (message as Qwen's compatible mode words it, e.g. agno-agi/agno#5317).
    /// </summary>
    private static RequestError? ResponseFormatError(JsonElement root, JsonElement messages)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var jsonObject = type.ValueEquals("json_object");
        if ((jsonObject || type.ValueEquals("json_schema")) && root.TryGetProperty("enable_thinking", out var thinking)
            && thinking.ValueKind == JsonValueKind.True)
        {
            return RequestError.InvalidParameter(
                "<400> InternalError.Algo.InvalidParameter: The parameter 'response_format' of type json_object or json_schema is not supported in thinking mode; set enable_thinking to false.",
                "response_format");
        }

        return jsonObject && !messages.EnumerateArray()
                .Any(m => m.ValueKind == JsonValueKind.Object && ChatRequestReader.ContentText(m).Contains("json", StringComparison.OrdinalIgnoreCase))
            ? RequestError.InvalidParameter(
                "<400> InternalError.Algo.InvalidParameter: 'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                null)
            : null;
    }

    /// <summary>
    /// Qwen rejects a <c>tool</c> message whose <c>tool_call_id</c> was not issued by an earlier assistant
    /// <c>tool_calls</c> entry; a client that drops calls from history must fail here as it would in production.
    /// </summary>
    private static RequestError? ToolMessageError(JsonElement message, string role, int index, HashSet<string> callIds)
    {
        if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    callIds.Add(id.GetString()!);
                }
            }
        }

        if (role != "tool")
        {
            return null;
        }

        var callId = message.TryGetProperty("tool_call_id", out var tid) && tid.ValueKind == JsonValueKind.String ? tid.GetString() : null;
        return callId is not null && callIds.Contains(callId)
            ? null
            : RequestError.InvalidParameter(
                $"messages[{index}] is a tool message whose tool_call_id '{callId}' does not answer a tool call of an earlier assistant message.",
                $"messages[{index}].tool_call_id");
    }
}
