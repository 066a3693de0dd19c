using System.Globalization;
using CsCheck;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// Differential, property-based: CsCheck generates streams (<see cref="DifferentialCase"/>: Qwen, OpenAI and random
/// property orders, white space and multi-line data, split reads, interleaved tool-call fragments with <c>"id":""</c>,
/// reasoning, usage alone or with the finish, extra choices, escapes, surrogate pairs split across deltas, one-byte
/// differences around the delta) and every update the production code hands out, read through the real SSE path
/// (<see cref="SseReplay"/>), must equal what the plain <see cref="System.Text.Json.JsonDocument"/> reference
/// (<see cref="ReferenceStreamReader"/>) expects: text, reasoning, tool calls with their arguments, finish reason,
/// usage, ids, model, created, and how the stream ended (including which streams are errors).
/// <para>
/// CI runs <see cref="DefaultIterations"/> cases (a few seconds). To run longer, set the iteration count, and to replay
/// a failure, the seed CsCheck printed:
/// <c>QWEN_DIFFERENTIAL_ITER=200000 dotnet test tests/QwenApi.Extensions.AI.Tests -c Release --filter FullyQualifiedName~StreamDifferential</c>
/// (<c>CsCheck_Seed=…</c>, as CsCheck prints it, to replay a failure; it shrinks the case first).
/// </para>
/// </summary>
public sealed class StreamDifferentialTests
{
    private const long DefaultIterations = 2_000;

    [Fact]
    public void Stream_GeneratedStreams_SameUpdatesAsJsonDocumentReference()
    {
        long iterations = long.TryParse(Environment.GetEnvironmentVariable("QWEN_DIFFERENTIAL_ITER"), CultureInfo.InvariantCulture, out long n) ? n : DefaultIterations;
        long framed = 0, openAIFramed = 0, failures = 0;

        DifferentialGen.Case.Sample(
            c =>
            {
                (List<string> expected, string expectedEnding) = ReferenceStreamReader.Read(c.Events());
                SseReplay.Result actual = SseReplay.RunCatchingJsonErrors(c.Body(), c.Splits);

                Assert.Equal(expectedEnding, actual.Ending);

                // A chunk with fields the client does not map (here non-null logprobs) yields an update even without
                // text, carrying the chunk as RawRepresentation; the reference knows only mapped content, so those
                // updates are checked for their raw chunk and then left out of the comparison.
                Assert.All(actual.Updates.Where(IsRawOnly), u => Assert.IsType<System.Text.Json.JsonElement>(u.RawRepresentation));
                Assert.Equal(expected, actual.Updates.Where(u => !IsRawOnly(u)).Select(Describe).ToList());
                Interlocked.Add(ref framed, actual.FramesReplayed);
                Interlocked.Add(ref openAIFramed, c.Layout == 1 ? actual.FramesReplayed : 0);
                Interlocked.Add(ref failures, expectedEnding == "JsonException" ? 1 : 0);
            },
            iter: iterations,
            print: c => c.ToString());

        // The generator must reach what it is for: the fast path, in OpenAI's order too, and streams that are errors.
        Assert.True(openAIFramed > iterations, $"{openAIFramed} OpenAI-order chunks read through the frame ({framed} in all)");
        Assert.True(failures > iterations / 100, $"{failures} streams with a lone surrogate");
    }

    private static bool IsRawOnly(ChatResponseUpdate update) => update.Contents.Count == 0 && update.FinishReason is null;

    private static string Describe(ChatResponseUpdate update)
    {
        Assert.Equal(ChatRole.Assistant, update.Role);
        Assert.Equal(update.ResponseId, update.MessageId);
        IEnumerable<string> parts = update.Contents.Select(content => content switch
        {
            TextReasoningContent r => "reasoning:" + r.Text,
            TextContent t => "text:" + t.Text,
            FunctionCallContent call when call.Exception is null => ReferenceStreamReader.CallLine(call.CallId, call.Name, System.Text.Json.JsonSerializer.Serialize(call.Arguments)),
            FunctionCallContent call => "call with invalid arguments: " + call.Exception!.Message,
            UsageContent u => string.Create(CultureInfo.InvariantCulture, $"usage:{u.Details.InputTokenCount},{u.Details.OutputTokenCount},{u.Details.TotalTokenCount},{u.Details.CachedInputTokenCount},{u.Details.ReasoningTokenCount}"),
            _ => "unexpected " + content.GetType().Name,
        });
        return ReferenceStreamReader.Describe(update.ResponseId, update.ModelId, update.CreatedAt?.ToUnixTimeSeconds(), update.FinishReason?.Value, parts);
    }
}
