using System.Buffers;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>Writes compact JSON with <see cref="Utf8JsonWriter"/> (no reflection) into a byte array.</summary>
internal static class JsonBytes
{
    // Relaxed escaping keeps non-ASCII text and quotes-in-arguments readable, as Qwen sends them.
    private static readonly JsonWriterOptions s_options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the <c>usage</c> object in the field order Qwen uses.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, CompletionPlan plan)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", plan.PromptTokens);
        writer.WriteNumber("completion_tokens", plan.CompletionTokens);
        writer.WriteNumber("total_tokens", plan.PromptTokens + plan.CompletionTokens);
        if (plan.Thinking)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", plan.ReasoningTokens.Count);
            writer.WriteEndObject();
        }

        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes the OpenAI error envelope: <c>{"error":{"message","type","param","code"},"request_id"}</c>.</summary>
    public static byte[] Error(RequestError error, string requestId) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteErrorObject(writer, error.Message, error.Type, error.Param, error.Code);
        writer.WriteString("request_id", requestId);
        writer.WriteEndObject();
    });

    public static void WriteErrorObject(Utf8JsonWriter writer, string message, string type, string? param, string code)
    {
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteString("param", param);
        writer.WriteString("code", code);
        writer.WriteEndObject();
    }
}
