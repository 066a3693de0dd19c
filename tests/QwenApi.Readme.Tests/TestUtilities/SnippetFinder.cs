using System.Net;
using System.Text.RegularExpressions;

namespace QwenApi.Readme.Tests;

/// <summary>
/// Finds the C# snippets to compile: the <c>csharp</c> (or <c>cs</c>, <c>c#</c>) fenced blocks of the root README.md and
/// of <c>src/*/README.md</c>, <c>tools/*/README.md</c>, <c>benchmarks/*/README.md</c>, <c>samples/*/README.md</c>, and
/// the <c>&lt;code&gt;</c> blocks of the XML doc comments in <c>src/**/*.cs</c>. A fenced block whose previous non-blank
/// line is <see cref="SkipMarker"/> is left out.
/// </summary>
internal static partial class SnippetFinder
{
    /// <summary>An HTML comment (invisible once rendered) that keeps the fenced block after it out of the compilation.</summary>
    public const string SkipMarker = "<!-- snippet: skip -->";

    private static readonly string[] s_readmeFolders = ["src", "tools", "benchmarks", "samples"];
    private static readonly string[] s_csharpInfoStrings = ["csharp", "cs", "c#"];
    private static readonly Lazy<IReadOnlyList<Snippet>> s_all = new(() => Find(RepositoryRoot.Path));

    /// <summary>Gets every snippet of the repository, in file then line order.</summary>
    public static IReadOnlyList<Snippet> All => s_all.Value;

    public static IReadOnlyList<Snippet> Find(string root)
    {
        var snippets = new List<Snippet>();
        foreach (string file in MarkdownFiles(root))
        {
            snippets.AddRange(InMarkdown(Relative(root, file), File.ReadAllLines(file)));
        }

        foreach (string file in SourceFiles(Path.Combine(root, "src")))
        {
            snippets.AddRange(InXmlDocs(Relative(root, file), File.ReadAllLines(file)));
        }

        return snippets;
    }

    public static IEnumerable<Snippet> InMarkdown(string path, string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            Match open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            string fence = open.Groups["fence"].Value;
            int indent = open.Groups["indent"].Value.Length;
            int close = i + 1;
            while (close < lines.Length && !IsClosingFence(lines[close], fence))
            {
                close++;
            }

            if (s_csharpInfoStrings.Contains(open.Groups["info"].Value, StringComparer.OrdinalIgnoreCase) && !IsSkipped(lines, i))
            {
                string[] code = lines[(i + 1)..close].Select(line => StripIndent(line, indent)).ToArray();
                yield return new Snippet(path, i + 1, i + 2, code);
            }

            i = close;
        }
    }

    public static IEnumerable<Snippet> InXmlDocs(string path, string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            if (DocText(lines[i])?.Trim() != "<code>")
            {
                continue;
            }

            int close = i + 1;
            while (close < lines.Length && DocText(lines[close]) is { } text && text.Trim() != "</code>")
            {
                close++;
            }

            string[] code = lines[(i + 1)..close].Select(line => WebUtility.HtmlDecode(DocText(line) ?? "")).ToArray();
            yield return new Snippet(path, i + 1, i + 2, code);
            i = close;
        }
    }

    private static IEnumerable<string> MarkdownFiles(string root)
    {
        string readme = Path.Combine(root, "README.md");
        if (File.Exists(readme))
        {
            yield return readme;
        }

        foreach (string folder in s_readmeFolders.Select(name => Path.Combine(root, name)).Where(Directory.Exists))
        {
            foreach (string project in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
            {
                string file = Path.Combine(project, "README.md");
                if (File.Exists(file))
                {
                    yield return file;
                }
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string src) =>
        !Directory.Exists(src)
            ? []
            : Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
                .Where(file => !Relative(src, file).Split('/').Any(part => part is "bin" or "obj"))
                .Order(StringComparer.Ordinal);

    private static bool IsClosingFence(string line, string fence)
    {
        string trimmed = line.Trim();
        return line.Length - line.TrimStart().Length <= 3
            && trimmed.Length >= fence.Length
            && trimmed.All(c => c == fence[0]);
    }

    private static bool IsSkipped(string[] lines, int fenceLine)
    {
        for (int i = fenceLine - 1; i >= 0; i--)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                return lines[i].Trim() == SkipMarker;
            }
        }

        return false;
    }

    private static string StripIndent(string line, int indent)
    {
        int blanks = 0;
        while (blanks < indent && blanks < line.Length && line[blanks] == ' ')
        {
            blanks++;
        }

        return line[blanks..];
    }

    /// <summary>The text of a <c>///</c> comment line without the slashes and the one space after them; else null.</summary>
    private static string? DocText(string line)
    {
        string trimmed = line.TrimStart();
        if (!trimmed.StartsWith("///", StringComparison.Ordinal))
        {
            return null;
        }

        string text = trimmed[3..];
        return text.StartsWith(' ') ? text[1..] : text;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})\s*(?<info>[^\s`]*)")]
    private static partial Regex FenceOpen();
}
