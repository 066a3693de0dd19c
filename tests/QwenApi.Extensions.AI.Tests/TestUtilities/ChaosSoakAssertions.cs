namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>Checks one call of a chaos run against its plan: exact text (no token lost or repeated), type, attempts, own request ids.</summary>
internal static class ChaosSoakAssertions
{
    public static void AssertOutcome(ChaosPlan plan, StreamOutcome outcome, IReadOnlyList<SimulatorRequest> requests)
    {
        (Type? errorType, int tokens, int attempts) = plan.Expected();
        string[] expectedTokens = [.. ChaosPlan.AnswerTokens.Take(tokens).Select(t => t == "[m] " ? plan.Marker + " " : t)];
        string context = $"{plan.Marker} faults [{string.Join(", ", plan.Faults.Select(f => f.Name))}]: got {outcome.Error?.GetType().Name} '{outcome.Text}'";

        Assert.True(expectedTokens.SequenceEqual(outcome.Texts), context);
        if (errorType is null)
        {
            Assert.True(outcome.Error is null, context + " " + outcome.Error);
            Assert.Equal(ChatCalls.AnswerTo(plan.Prompt), outcome.Text);
            return;
        }

        var error = Assert.IsAssignableFrom<QwenApiException>(outcome.Error);
        Assert.True(errorType == error.GetType(), context);
        Assert.True(attempts == error.Attempts, context + $" attempts {error.Attempts}");
        if (error.RequestId is { } id)
        {
            // The id names a request this caller made: no answer or error crossed over from another caller.
            SimulatorRequest request = Assert.Single(requests, r => $"sim-req-{r.Sequence}" == id);
            Assert.Equal(plan.Prompt, request.LastUserMessage);
        }
    }
}
