namespace QwenApi.Extensions.AI;

/// <summary>What one <c>AddQwenChatClient</c> or <c>AddQwenEmbeddingGenerator</c> call registered: its options name, HTTP client name and configuration sections.</summary>
/// <param name="OptionsName">The named-options name (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the unkeyed client).</param>
/// <param name="HttpClientName">The <see cref="System.Net.Http.IHttpClientFactory"/> client name.</param>
/// <param name="Sections">The configuration sections bound in order, later ones overriding earlier ones.</param>
/// <param name="Kind">What is registered, for messages: <c>Qwen chat client</c> or <c>Qwen embedding generator</c>.</param>
/// <param name="Key">The service key's string form, for messages; empty for the unkeyed registration.</param>
internal sealed record QwenClientRegistration(string OptionsName, string HttpClientName, IReadOnlyList<string> Sections, string Kind = "Qwen chat client", string? Key = null)
{
    /// <summary>Gets a description for error messages, for example <c>Qwen chat client "fast" (configuration "Qwen", "Qwen:fast")</c>.</summary>
    public string Description =>
        ((Key ?? OptionsName).Length == 0 ? Kind : $"{Kind} \"{Key ?? OptionsName}\"")
        + (Sections.Count == 0 ? string.Empty : " (configuration " + string.Join(", ", Sections.Select(s => "\"" + s + "\"")) + ")");
}
