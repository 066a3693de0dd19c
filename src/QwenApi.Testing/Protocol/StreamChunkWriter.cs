using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Writes <c>chat.completion.chunk</c> payloads with the field layout of Qwen's recorded streams
/// (<c>corpus/recorded/*.sse</c>): <c>choices</c> first, <c>"usage":null</c> in every chunk but the last.
/// </summary>
internal sealed class StreamChunkWriter(CompletionPlan plan)
{
    /// <summary>A chunk whose single choice has <c>delta</c>, <c>finish_reason:null</c>, <c>index</c>, <c>logprobs</c>.</summary>
    public byte[] Delta(Action<Utf8JsonWriter> writeDelta) => Chunk(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("delta");
        writeDelta(writer);
        writer.WriteEndObject();
        writer.WriteNull("finish_reason");
        writer.WriteNumber("index", 0);
        writer.WriteNull("logprobs");
        writer.WriteEndObject();
    });

    /// <summary>
    /// The fragment Qwen sends after a call's arguments: <c>"arguments":""</c>, <c>"id":""</c> and a choice with
    /// no <c>finish_reason</c> or <c>logprobs</c> key at all.
    /// </summary>
    public byte[] TrailingToolFragment(int index) => Chunk(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("delta");
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        writer.WriteStartObject("function");
        writer.WriteString("arguments", string.Empty);
        writer.WriteEndObject();
        writer.WriteNumber("index", index);
        writer.WriteString("id", string.Empty);
        writer.WriteString("type", "function");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNumber("index", 0);
        writer.WriteEndObject();
    });

    /// <summary>The finish chunk: <c>{"finish_reason":…,"delta":{},"index":0,"logprobs":null}</c>.</summary>
    public byte[] Finish() => Chunk(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("finish_reason", plan.FinishReason);
        writer.WriteStartObject("delta");
        writer.WriteEndObject();
        writer.WriteNumber("index", 0);
        writer.WriteNull("logprobs");
        writer.WriteEndObject();
    });

    /// <summary>The usage chunk: <c>"choices":[]</c> and the <c>usage</c> object.</summary>
    public byte[] Usage() => Envelope(writer => { }, writeUsage: true);

    private byte[] Chunk(Action<Utf8JsonWriter> writeChoice) => Envelope(writeChoice, writeUsage: false);

    private byte[] Envelope(Action<Utf8JsonWriter> writeChoice, bool writeUsage) => JsonBytes.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writeChoice(writer);
        writer.WriteEndArray();
        writer.WriteString("object", "chat.completion.chunk");
        if (writeUsage)
        {
            JsonBytes.WriteUsage(writer, plan);
        }
        else
        {
            writer.WriteNull("usage");
        }

        writer.WriteNumber("created", plan.Created);
        writer.WriteNull("system_fingerprint");
        writer.WriteString("model", plan.Model);
        writer.WriteString("id", plan.Id);
        writer.WriteEndObject();
    });
}
