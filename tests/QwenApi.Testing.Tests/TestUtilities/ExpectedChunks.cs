namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>
/// The exact chunk JSON the simulator sends, spelled out in the layout of the recorded Qwen streams, for
/// request 1 on model <c>qwen-plus</c> at <see cref="SimulatorTestBase.Now"/> unless told otherwise.
/// </summary>
internal static class ExpectedChunks
{
    public const long Created = 1770764906;

    public static string Delta(string delta, int sequence = 1, string model = "qwen-plus") =>
        Envelope($$"""{"delta":{{delta}},"finish_reason":null,"index":0,"logprobs":null}""", sequence, model);

    public static string Content(string text, int sequence = 1) => Delta($$"""{"content":"{{text}}"}""", sequence);

    public static string Role(int sequence = 1) => Delta("""{"content":"","role":"assistant"}""", sequence);

    public static string TrailingToolFragment(int index, int sequence = 1) => Envelope(
        $$"""{"delta":{"tool_calls":[{"function":{"arguments":""},"index":{{index}},"id":"","type":"function"}]},"index":0}""",
        sequence,
        "qwen-plus");

    public static string Finish(string reason, int sequence = 1) =>
        Envelope($$"""{"finish_reason":"{{reason}}","delta":{},"index":0,"logprobs":null}""", sequence, "qwen-plus");

    public static string Usage(string usage, int sequence = 1) =>
        $$"""{"choices":[],"object":"chat.completion.chunk","usage":{{usage}},"created":{{Created}},"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-sim-{{sequence}}"}""";

    private static string Envelope(string choice, int sequence, string model) =>
        $$"""{"choices":[{{choice}}],"object":"chat.completion.chunk","usage":null,"created":{{Created}},"system_fingerprint":null,"model":"{{model}}","id":"chatcmpl-sim-{{sequence}}"}""";
}
