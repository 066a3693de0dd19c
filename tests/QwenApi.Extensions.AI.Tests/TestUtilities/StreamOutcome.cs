namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>What a consumer of a stream saw: the text of each update, in order, and how the stream ended.</summary>
internal sealed record StreamOutcome(IReadOnlyList<string> Texts, Exception? Error)
{
    public string Text => string.Concat(Texts);
}
