namespace QwenApi.Testing;

/// <summary>One request message as the simulator sees it: its role and its text.</summary>
/// <param name="Role">The <c>role</c>, or <see langword="null"/> when missing or not a string.</param>
/// <param name="Text">The content text: a string content, or the <c>text</c> parts joined; empty otherwise.</param>
internal sealed record ChatMessageInfo(string? Role, string Text);
