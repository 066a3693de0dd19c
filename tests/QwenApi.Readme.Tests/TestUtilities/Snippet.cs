namespace QwenApi.Readme.Tests;

/// <summary>A C# snippet found in a markdown file or in the <c>&lt;code&gt;</c> of an XML doc comment.</summary>
/// <param name="Path">The file, relative to the repository root, with <c>/</c> separators.</param>
/// <param name="Line">The 1-based line of the opening fence or <c>&lt;code&gt;</c> tag: with the path, the snippet's name.</param>
/// <param name="FirstCodeLine">The 1-based line of the snippet's first line of code.</param>
/// <param name="Code">The snippet's C# text, one entry per line of the file (indentation and <c>///</c> removed, entities decoded).</param>
internal sealed record Snippet(string Path, int Line, int FirstCodeLine, IReadOnlyList<string> Code)
{
    /// <summary>Gets the name of the test case: <c>path:line</c>.</summary>
    public string Id => $"{Path}:{Line}";
}
