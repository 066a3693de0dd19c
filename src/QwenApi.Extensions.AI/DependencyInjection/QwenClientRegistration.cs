namespace QwenApi.Extensions.AI;

/// <summary>What one <c>AddQwenChatClient</c> call registered: its options name, HTTP client name and configuration sections.</summary>
/// <param name="OptionsName">The named-options name (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the unkeyed client).</param>
/// <param name="HttpClientName">The <see cref="System.Net.Http.IHttpClientFactory"/> client name.</param>
/// <param name="Sections">The configuration sections bound in order, later ones overriding earlier ones.</param>
internal sealed record QwenClientRegistration(string OptionsName, string HttpClientName, IReadOnlyList<string> Sections)
{
    /// <summary>Gets a description for error messages, for example <c>Qwen chat client "fast" (configuration "Qwen", "Qwen:fast")</c>.</summary>
    public string Description =>
        (OptionsName.Length == 0 ? "Qwen chat client" : $"Qwen chat client \"{OptionsName}\"")
        + (Sections.Count == 0 ? string.Empty : " (configuration " + string.Join(", ", Sections.Select(s => "\"" + s + "\"")) + ")");
}
