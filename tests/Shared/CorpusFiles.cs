namespace QwenApi.Tests.Shared;

/// <summary>
/// Finds the recorded Qwen payloads: <c>../shared/corpus/recorded</c> beside the repository (where new payloads are
/// added), else the copy kept in <c>tests/corpus/recorded</c>. Payloads are discovered at run time, so a payload added
/// to the corpus is replayed without a code change. One locator for every test project (compiled into each), so a fresh
/// clone without <c>../shared</c> runs every suite on the kept copy.
/// </summary>
internal static class CorpusFiles
{
    private static readonly Lazy<string> s_directory = new(Locate);

    public static string Directory => s_directory.Value;

    public static IEnumerable<string> Streams() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.sse").Order(StringComparer.Ordinal);

    public static IEnumerable<string> Responses() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(path => !path.EndsWith(".expected.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> StreamNames() => ToTheory(Streams());

    public static TheoryData<string> ResponseNames() => ToTheory(Responses());

    public static string PathOf(string name) => Path.Combine(Directory, name);

    private static TheoryData<string> ToTheory(IEnumerable<string> paths)
    {
        var data = new TheoryData<string>();
        foreach (string path in paths)
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    private static string Locate()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "QwenApi.Connectors.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Cannot find the repository root (QwenApi.Connectors.sln) above " + AppContext.BaseDirectory);
        }

        string shared = Path.GetFullPath(Path.Combine(dir, "..", "shared", "corpus", "recorded"));
        if (System.IO.Directory.Exists(shared))
        {
            return shared;
        }

        string local = Path.Combine(dir, "tests", "corpus", "recorded");
        if (System.IO.Directory.Exists(local))
        {
            return local;
        }

        throw new InvalidOperationException($"No recorded corpus at {shared} or {local}.");
    }
}
