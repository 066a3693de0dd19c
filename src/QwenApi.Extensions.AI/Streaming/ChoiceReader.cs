using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Walks a chunk's <c>choices</c> during a full parse and keeps what choice 0 (by its <c>index</c>, else its position
/// among the objects) says, with the shape of the array around it, which decides whether the chunk's frame may be kept
/// (<see cref="ChunkFrame"/>). Tool-call fragments of choice 0 go to the caller's list; other choices' are taken back out.
/// </summary>
internal struct ChoiceReader
{
    public const string ContentField = "choices[].delta.content";
    public const string ReasoningField = "choices[].delta.reasoning_content";

    private int _arrays;
    private int _elements;
    private bool _oneDelta;

    public string? Content { get; private set; }

    public string? Reasoning { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>Gets a value indicating whether choice 0 has a non-null field besides its delta, finish reason and index (logprobs, …).</summary>
    public bool ChoiceExtras { get; private set; }

    /// <summary>Gets a value indicating whether choice 0's delta has a non-null field besides text, reasoning, tool calls and role.</summary>
    public bool DeltaExtras { get; private set; }

    /// <summary>Gets where choice 0's delta value starts in the chunk, when it has exactly one.</summary>
    public int DeltaStart { get; private set; }

    /// <summary>Gets where that delta value ends.</summary>
    public int DeltaEnd { get; private set; }

    /// <summary>Gets the reader depth of the <c>delta</c> property.</summary>
    public int DeltaDepth { get; private set; }

    /// <summary>Gets a value indicating whether the chunk had one <c>choices</c> array of one element, choice 0 with one delta: the only shape whose frame is kept.</summary>
    public readonly bool IsSingleDelta => _arrays == 1 && _elements == 1 && _oneDelta;

    /// <summary>Reads a <c>choices</c> value; the reader is on its first token and ends on its last.</summary>
    public void Read(ref Utf8JsonReader reader, List<ToolCallFragment> toolCalls)
    {
        _arrays++;
        if (!Utf8JsonFields.IsArray(ref reader, "choices"))
        {
            return;
        }

        // A choice without "index" is numbered by its position among the objects (elements that are not objects, such
        // as a null some proxies leave, are skipped and keep nothing from being read).
        int position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _elements++;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, position++, toolCalls);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a <c>delta</c> (or <c>message</c>) value; the reader is on its first token and ends on its last.</summary>
    public static void ReadDelta(ref Utf8JsonReader reader, ref string? content, ref string? reasoning, ref bool extras, List<ToolCallFragment> toolCalls)
    {
        if (!Utf8JsonFields.IsObject(ref reader, "choices[].delta"))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = Utf8JsonFields.ReadTextPiece(ref reader, ContentField);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reader.Read();
                reasoning = Utf8JsonFields.ReadTextPiece(ref reader, ReasoningField);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ToolCallFragmentReader.Read(ref reader, toolCalls);
            }
            else
            {
                bool role = reader.ValueTextEquals("role"u8);
                reader.Read();
                extras |= !role && reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
        }
    }

    /// <param name="reader">The reader, on the choice's <c>{</c>.</param>
    /// <param name="position">The choice's position among the array's objects, its index when it has none.</param>
    /// <param name="toolCalls">Where the delta's tool-call fragments go.</param>
    private void ReadChoice(ref Utf8JsonReader reader, int position, List<ToolCallFragment> toolCalls)
    {
        // "index" may come after "delta" (Qwen writes delta and finish_reason first), so read into locals and keep
        // them only for choice 0.
        long? index = null;
        string? content = null, reasoning = null, finish = null;
        int fragmentsBefore = toolCalls.Count;
        int deltas = 0, deltaStart = -1, deltaEnd = -1, deltaDepth = 0;
        bool choiceExtras = false, deltaExtras = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                deltas++;
                deltaDepth = reader.CurrentDepth;
                reader.Read();
                deltaStart = (int)reader.TokenStartIndex;
                ReadDelta(ref reader, ref content, ref reasoning, ref deltaExtras, toolCalls);
                deltaEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finish = Utf8JsonFields.ReadString(ref reader, "choices[].finish_reason");
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = Utf8JsonFields.ReadInteger(ref reader, "choices[].index", int.MinValue, int.MaxValue);
            }
            else
            {
                reader.Read();
                choiceExtras |= reader.TokenType != JsonTokenType.Null; // logprobs, or a field this release does not know
                reader.Skip();
            }
        }

        if ((index ?? position) != 0)
        {
            toolCalls.RemoveRange(fragmentsBefore, toolCalls.Count - fragmentsBefore);
            return;
        }

        if (deltas == 1)
        {
            _oneDelta = true;
            DeltaStart = deltaStart;
            DeltaEnd = deltaEnd;
            DeltaDepth = deltaDepth;
        }

        Content = content;
        Reasoning = reasoning;
        FinishReason = finish;
        ChoiceExtras |= choiceExtras;
        DeltaExtras |= deltaExtras;
    }
}
