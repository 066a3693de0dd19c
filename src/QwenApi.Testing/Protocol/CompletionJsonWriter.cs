namespace QwenApi.Testing;

/// <summary>Writes the unary <c>chat.completion</c> body in the field order of Qwen's recorded responses.</summary>
internal static class CompletionJsonWriter
{
    public static byte[] Write(CompletionPlan plan) => JsonBytes.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteStartObject("message");
        writer.WriteString("content", plan.Answer);
        if (plan.Thinking)
        {
            writer.WriteString("reasoning_content", plan.Reasoning);
        }

        writer.WriteString("role", "assistant");
        if (plan.ToolCalls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in plan.ToolCalls)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("function");
                writer.WriteString("arguments", call.Arguments);
                writer.WriteString("name", call.Name);
                writer.WriteEndObject();
                writer.WriteString("id", call.Id);
                writer.WriteNumber("index", call.Index);
                writer.WriteString("type", "function");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteString("finish_reason", plan.FinishReason);
        writer.WriteNumber("index", 0);
        writer.WriteNull("logprobs");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("object", "chat.completion");
        JsonBytes.WriteUsage(writer, plan);
        writer.WriteNumber("created", plan.Created);
        writer.WriteNull("system_fingerprint");
        writer.WriteString("model", plan.Model);
        writer.WriteString("id", plan.Id);
        writer.WriteEndObject();
    });
}
