namespace QwenApi.Testing;

/// <summary>Decides the answer to a request: the default behaviour, or a scripted answer or tool calls.</summary>
internal static class CompletionPlanner
{
    /// <summary>The model echoed when a scripted response serves a request without a usable <c>model</c>.</summary>
    public const string FallbackModel = "qwen-plus";

    public static CompletionPlan Plan(
        ChatRequestInfo info,
        SimulatorRequest request,
        QwenSimulatorOptions options,
        SimulatorResponse? scripted = null)
    {
        var lastUser = info.LastUserText ?? string.Empty;
        var lastIsTool = info.LastMessage?.Role == "tool";
        IReadOnlyList<PlannedToolCall> calls = [];
        string text;
        var json = false;
        switch (scripted?.Kind)
        {
            case SimulatorResponseKind.ToolCalls:
                text = scripted.Text ?? string.Empty;
                calls = [.. scripted.Calls.Select((c, i) => new PlannedToolCall(i, c.Id ?? CallId(request, i), c.Name, c.ArgumentsJson))];
                break;
            case SimulatorResponseKind.Answer:
                text = scripted.Text ?? string.Empty;
                break;
            default:
                calls = lastIsTool ? [] : DefaultToolCalls(info, request);
                json = calls.Count == 0 && info.ResponseFormat is not null && (lastIsTool || options.AnswerFactory is null);
                text = calls.Count > 0 ? string.Empty
                    : json ? JsonAnswer(info, lastUser)
                    : lastIsTool ? "Tool result received: " + info.LastMessage!.Text
                    : options.AnswerFactory?.Invoke(request) ?? "Simulated answer to: " + lastUser;
                break;
        }

        var reasoning = scripted?.Reasoning
            ?? (info.EnableThinking ? options.ReasoningFactory?.Invoke(request) ?? "Thinking about: " + lastUser : null);
        var answerTokens = json ? SimulatorTokenizer.SplitJson(text) : SimulatorTokenizer.Split(text);
        var finishReason = calls.Count > 0 ? "tool_calls" : "stop";
        if (calls.Count == 0 && info.MaxTokens is { } max && max >= 0 && answerTokens.Count > max)
        {
            answerTokens = [.. answerTokens.Take(max)];
            finishReason = "length";
        }

        var promptCharacters = info.Messages.Sum(m => (long)m.Text.Length);
        return new CompletionPlan
        {
            Id = $"chatcmpl-sim-{request.Sequence}",
            Model = info.Model ?? FallbackModel,
            Created = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            Stream = info.Stream,
            IncludeUsage = info.IncludeUsage,
            Thinking = reasoning is not null,
            ReasoningTokens = reasoning is null ? [] : SimulatorTokenizer.Split(reasoning),
            AnswerTokens = answerTokens,
            ToolCalls = calls,
            FinishReason = finishReason,
            PromptTokens = (int)Math.Max(1, (promptCharacters + 3) / 4),
        };
    }

    /// <summary>
    /// <c>json_schema</c>: a sample of the schema, seeded by the prompt. <c>json_object</c>: a sample of a schema
    /// written in the prompt, else an object holding the default answer text, <c>{"answer":"Simulated answer to: …"}</c>.
    /// </summary>
    private static string JsonAnswer(ChatRequestInfo info, string lastUser) =>
        (info.ResponseFormat!.Schema ?? PromptSchemaFinder.Find(info.Messages)) is { } schema
            ? JsonSchemaSampler.Sample(schema, lastUser)
            : System.Text.Encoding.UTF8.GetString(JsonBytes.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("answer", "Simulated answer to: " + lastUser);
                w.WriteEndObject();
            }));

    private static List<PlannedToolCall> DefaultToolCalls(ChatRequestInfo info, SimulatorRequest request)
    {
        if (info.Tools.Count == 0 || info.ToolChoiceNone)
        {
            return [];
        }

        var prompt = info.LastUserText ?? string.Empty;
        if (info.ToolChoiceName is { } forced)
        {
            var tool = info.Tools.FirstOrDefault(t => t.Name == forced);
            return [new PlannedToolCall(0, CallId(request, 0), forced, ToolArgumentsWriter.Write(tool, prompt))];
        }

        // Tools the last user message names (case-insensitively): all of them in parallel mode, else the longest
        // name (so "get_time_zone" beats "get_time"); without a mention, every tool or the first.
        var mentioned = info.Tools.Where(t => prompt.Contains(t.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = info.ParallelToolCalls ? (mentioned.Count > 0 ? mentioned : info.Tools)
            : [mentioned.OrderByDescending(t => t.Name.Length).FirstOrDefault() ?? info.Tools[0]];
        return [.. chosen.Select((t, i) => new PlannedToolCall(i, CallId(request, i), t.Name, ToolArgumentsWriter.Write(t, prompt)))];
    }

    private static string CallId(SimulatorRequest request, int index) => $"call_sim_{request.Sequence}_{index}";
}
