namespace QwenApi.AotSmokeTest;

/// <summary>The three calls the smoke app makes; each throws <see cref="SmokeFailure"/> on a wrong answer.</summary>
internal static class SmokeChecks
{
    public static async Task UnaryAsync(IChatClient client, CancellationToken cancellationToken)
    {
        ChatResponse response = await client.GetResponseAsync("Say hello", cancellationToken: cancellationToken);
        Expect("unary text", "Simulated answer to: Say hello", response.Text);
        Expect("unary finish reason", ChatFinishReason.Stop, response.FinishReason);
    }

    public static async Task StreamingAsync(IChatClient client, CancellationToken cancellationToken)
    {
        var options = new QwenChatOptions { EnableThinking = true };
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        int updates = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Count to three", options, cancellationToken))
        {
            updates++;
            _ = text.Append(update.Text);
            foreach (TextReasoningContent thought in update.Contents.OfType<TextReasoningContent>())
            {
                _ = reasoning.Append(thought.Text);
            }
        }

        Expect("streamed text", "Simulated answer to: Count to three", text.ToString());
        Expect("streamed reasoning", "Thinking about: Count to three", reasoning.ToString());
        if (updates < 3)
        {
            throw new SmokeFailure($"expected the answer in several updates, got {updates}");
        }
    }

    public static async Task ToolRoundTripAsync(IChatClient client, CancellationToken cancellationToken)
    {
        var weather = new WeatherFunction();
        var options = new ChatOptions { Tools = [weather] };
        List<ChatMessage> messages = [new(ChatRole.User, "What is the weather in Paris?")];

        ChatResponse first = await client.GetResponseAsync(messages, options, cancellationToken);
        Expect("tool-call finish reason", ChatFinishReason.ToolCalls, first.FinishReason);
        FunctionCallContent call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().SingleOrDefault()
            ?? throw new SmokeFailure("expected exactly one function call");
        Expect("called tool", weather.Name, call.Name);

        object? result = await weather.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken);
        Expect("tool result", WeatherFunction.Forecast("sample"), result as string);

        messages.AddRange(first.Messages);
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
        ChatResponse second = await client.GetResponseAsync(messages, options, cancellationToken);
        Expect("answer after the tool", "Tool result received: " + WeatherFunction.Forecast("sample"), second.Text);
    }

    private static void Expect<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new SmokeFailure($"{what}: expected '{expected}', got '{actual}'");
        }
    }
}
