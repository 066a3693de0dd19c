using System.Text.Json;
using QwenApi.Testing;

namespace QwenApi.Simulator.Host;

/// <summary>
/// Reads a <c>--script</c> file: a JSON array whose entries map to the <see cref="SimulatorResponse"/> factories
/// (the forms are listed in <see cref="HostArguments.Usage"/>). Unknown keys are errors, so a typo cannot silently
/// turn an entry into the default answer.
/// </summary>
internal static class ScriptFile
{
    private static readonly string[] s_common = ["when", "headers"];

    private static readonly (string Key, string[] Allowed)[] s_kinds =
    [
        ("answer", ["reasoning"]),
        ("toolCalls", ["text"]),
        ("error", []),
        ("replayFile", ["splitEveryBytes"]),
        ("fault", ["chunks"]),
        ("slowDripMs", []),
    ];

    /// <exception cref="InvalidDataException">The file is not a valid script; the message says where.</exception>
    /// <exception cref="IOException">The file (or a replay file it names) cannot be read.</exception>
    public static List<ScriptEntry> Load(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path} must hold a JSON array of responses.");
        }

        var entries = new List<ScriptEntry>();
        foreach (var item in root.EnumerateArray())
        {
            var where = $"{path}, entry {entries.Count + 1}";
            try
            {
                entries.Add(Read(item, directory));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"{where}: {ex.Message}", ex);
            }
        }

        return entries;
    }

    private static ScriptEntry Read(JsonElement entry, string directory)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("each entry must be a JSON object.");
        }

        var kinds = s_kinds.Where(k => entry.TryGetProperty(k.Key, out _)).ToList();
        if (kinds.Count > 1)
        {
            throw new InvalidDataException($"use one of {string.Join(", ", kinds.Select(k => k.Key))} per entry.");
        }

        var allowed = s_common.Concat(kinds.SelectMany(k => k.Allowed.Prepend(k.Key))).ToHashSet(StringComparer.Ordinal);
        foreach (var property in entry.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new InvalidDataException($"unknown key '{property.Name}' here (see --help for the entry forms).");
            }
        }

        var response = kinds.Count == 0 ? null : ScriptResponses.Create(kinds[0].Key, entry, directory);
        var when = entry.TryGetProperty("when", out var marker) ? ScriptResponses.Text(marker, "when") : null;
        if (when is { Length: 0 })
        {
            throw new InvalidDataException("\"when\" must not be empty.");
        }

        if (entry.TryGetProperty("headers", out var headers))
        {
            response = SimulatorResponse.WithHeaders(ScriptResponses.Headers(headers), response);
        }

        return new ScriptEntry(when, response ?? SimulatorResponse.WithHeaders(new Dictionary<string, string>()));
    }
}
