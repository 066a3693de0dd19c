namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Finds the recorded Qwen payloads in <c>../shared/corpus/recorded</c> beside the repository.</summary>
internal static class Corpus
{
    public static string RecordedDirectory { get; } = Find();

    public static string File(string name) => Path.Combine(RecordedDirectory, name);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "QwenApi.Connectors.sln")))
            {
                var recorded = Path.Combine(directory.FullName, "..", "shared", "corpus", "recorded");
                return Directory.Exists(recorded)
                    ? Path.GetFullPath(recorded)
                    : throw new DirectoryNotFoundException($"The recorded corpus is expected at {Path.GetFullPath(recorded)}.");
            }
        }

        throw new DirectoryNotFoundException("QwenApi.Connectors.sln not found above " + AppContext.BaseDirectory);
    }
}
