namespace QwenApi.Readme.Tests;

/// <summary>The folder holding <c>QwenApi.Connectors.sln</c>, found by walking up from the test's output folder.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Locate);

    public static string Path => s_path.Value;

    private static string Locate()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "QwenApi.Connectors.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException(
            "Cannot find the repository root (QwenApi.Connectors.sln) above " + AppContext.BaseDirectory);
    }
}
