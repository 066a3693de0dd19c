using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QwenApi.Readme.Tests;

/// <summary>
/// Compiles one snippet in memory as the top-level statements of a console app, beside <see cref="SnippetPrelude"/>,
/// against the assemblies of this test's runtime context (the trusted platform assemblies: the shared frameworks and
/// every package and project this test project references). Nothing is emitted or run.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions s_compilationOptions =
        new(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    private static readonly Lazy<SyntaxTree> s_prelude =
        new(() => CSharpSyntaxTree.ParseText(SnippetPrelude.Source, s_parseOptions, "SnippetPrelude.cs"));

    /// <summary>
    /// Compiles <paramref name="snippet"/> and returns its errors, each as <c>path:line:column: error CSnnnn: message</c>
    /// (the snippet's own file and line) followed by the offending line of the snippet.
    /// </summary>
    public static IReadOnlyList<string> Compile(Snippet snippet)
    {
        // #line maps every diagnostic to the snippet's own file and line.
        string text = $"#line {snippet.FirstCodeLine} \"{snippet.Path}\"\n" + string.Join('\n', snippet.Code);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(text, s_parseOptions, snippet.Path + ".g.cs");
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Snippet", [s_prelude.Value, tree], s_references.Value, s_compilationOptions);

        return compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => Describe(diagnostic, snippet))
            .ToList();
    }

    private static string Describe(Diagnostic diagnostic, Snippet snippet)
    {
        FileLinePositionSpan span = diagnostic.Location.GetMappedLineSpan();
        if (!span.IsValid)
        {
            return $"{snippet.Id}: error {diagnostic.Id}: {diagnostic.GetMessage()}";
        }

        int line = span.StartLinePosition.Line + 1;
        string where = $"{span.Path}:{line}:{span.StartLinePosition.Character + 1}";
        int index = line - snippet.FirstCodeLine;
        string code = span.Path == snippet.Path && index >= 0 && index < snippet.Code.Count
            ? $"\n    {snippet.Code[index].Trim()}"
            : "";
        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage()}{code}";
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string assemblies = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("The runtime gave no TRUSTED_PLATFORM_ASSEMBLIES.");
        return
        [
            .. assemblies.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ];
    }
}
