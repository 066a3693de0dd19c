namespace QwenApi.Readme.Tests;

public sealed class ReadmeSnippetTests
{
    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (Snippet snippet in SnippetFinder.All)
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_Compiles(string id)
    {
        Snippet snippet = SnippetFinder.All.Single(candidate => candidate.Id == id);

        IReadOnlyList<string> errors = SnippetCompiler.Compile(snippet);

        Assert.True(errors.Count == 0, $"The snippet at {id} does not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Find_Repository_FindsEveryReadmeAndTheXmlDocExamples()
    {
        IReadOnlyList<Snippet> snippets = SnippetFinder.All;

        Assert.Contains(snippets, snippet => snippet.Path == "README.md");
        foreach (string package in new[] { "QwenApi.Extensions.AI", "QwenApi.Extensions.AI.Redis", "QwenApi.SemanticKernel", "QwenApi.Testing" })
        {
            Assert.Contains(snippets, snippet => snippet.Path == $"src/{package}/README.md");
        }

        Assert.Contains(snippets, snippet => snippet.Path.EndsWith("QwenRedisServiceCollectionExtensions.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void InMarkdown_FencesOfOtherLanguagesAndSkippedBlocks_AreLeftOut()
    {
        string[] lines =
        [
            "```bash", "dotnet test", "```",
            "```csharp", "var a = 1;", "```",
            SnippetFinder.SkipMarker, "", "```csharp", "not C#", "```",
            "- item", "  ```cs", "  var b = 2;", "  ```",
        ];

        Snippet[] snippets = SnippetFinder.InMarkdown("doc.md", lines).ToArray();

        Assert.Equal(["doc.md:4", "doc.md:13"], snippets.Select(snippet => snippet.Id));
        Assert.Equal(["var b = 2;"], snippets[1].Code);
    }

    [Fact]
    public void InXmlDocs_CodeBlock_IsDecoded()
    {
        string[] lines = ["/// <code>", "/// var map = new Dictionary&lt;string, int&gt;();", "/// </code>", "public class C;"];

        Snippet snippet = Assert.Single(SnippetFinder.InXmlDocs("C.cs", lines));

        Assert.Equal(2, snippet.FirstCodeLine);
        Assert.Equal(["var map = new Dictionary<string, int>();"], snippet.Code);
    }

    [Fact]
    public void Compile_BrokenSnippet_ReportsFileLineAndTheOffendingLine()
    {
        var snippet = new Snippet("docs/example.md", 10, 11, ["var options = new QwenChatOptions();", "options.EnableThinking = \"yes\";"]);

        string error = Assert.Single(SnippetCompiler.Compile(snippet));

        Assert.StartsWith("docs/example.md:12:", error, StringComparison.Ordinal);
        Assert.Contains("error CS0029", error, StringComparison.Ordinal);
        Assert.EndsWith("options.EnableThinking = \"yes\";", error, StringComparison.Ordinal);
    }
}
