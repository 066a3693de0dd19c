using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// The differential test's reference: what a stream must produce, written plainly on <see cref="JsonDocument"/>, one event
/// at a time, sharing no code with the production parser. Each update is described as a line of text
/// (<see cref="Describe"/>), so production updates can be compared with these line by line.
/// </summary>
internal static class ReferenceStreamReader
{
    /// <summary>The expected update lines and the ending ("done", "end", "interrupted", "error:code" or "JsonException").</summary>
    public static (List<string> Updates, string Ending) Read(IEnumerable<string> events)
    {
        var updates = new List<string>();
        string? id = null, model = null;
        long? created = null;
        bool finished = false;
        var heldHalf = new Dictionary<string, string>(StringComparer.Ordinal) { ["text"] = string.Empty, ["reasoning"] = string.Empty };
        var calls = new SortedDictionary<int, (string? Id, string? Name, string Arguments)>();
        try
        {
            foreach (string data in events)
            {
                if (data == "[DONE]")
                {
                    EnsureNothingHeld(heldHalf);
                    AddCallsUpdate(updates, calls, id, model, created, finish: null, parts: []);
                    return (updates, "done");
                }

                using JsonDocument document = JsonDocument.Parse(data);
                JsonElement root = document.RootElement;
                if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
                {
                    return (updates, "error:" + error.GetProperty("code").GetString());
                }

                id = root.TryGetProperty("id", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : id;
                model = root.TryGetProperty("model", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : model;
                created = root.TryGetProperty("created", out JsonElement c) && c.ValueKind == JsonValueKind.Number ? (long)c.GetDouble() : created;

                JsonElement? choice = ChoiceZero(root);
                var parts = new List<string>();
                string? finish = null;
                if (choice is { } chosen)
                {
                    JsonElement delta = chosen.TryGetProperty("delta", out JsonElement d) && d.ValueKind == JsonValueKind.Object ? d : default;
                    string? reasoning = Join(heldHalf, "reasoning", Text(delta, "reasoning_content"));
                    string? text = Join(heldHalf, "text", Text(delta, "content"));
                    if (!string.IsNullOrEmpty(reasoning))
                    {
                        parts.Add("reasoning:" + reasoning);
                    }

                    if (!string.IsNullOrEmpty(text))
                    {
                        parts.Add("text:" + text);
                    }

                    AddFragments(delta, calls);
                    finish = chosen.TryGetProperty("finish_reason", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                }

                if (finish is not null)
                {
                    finished = true;
                    EnsureNothingHeld(heldHalf);
                    foreach ((int _, (string? callId, string? name, string arguments)) in calls)
                    {
                        parts.Add(CallLine(callId, name, arguments));
                    }

                    calls.Clear();
                }

                if (root.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"usage:{usage.GetProperty("prompt_tokens").GetInt64()},{usage.GetProperty("completion_tokens").GetInt64()},{usage.GetProperty("total_tokens").GetInt64()},{usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64()},{usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt64()}"));
                }

                if (parts.Count > 0 || finish is not null)
                {
                    updates.Add(Describe(id, model, created, finish, parts));
                }
            }

            if (!finished)
            {
                return (updates, "interrupted");
            }

            EnsureNothingHeld(heldHalf);
            AddCallsUpdate(updates, calls, id, model, created, finish: null, parts: []);
            return (updates, "end");
        }
        catch (JsonException)
        {
            return (updates, "JsonException");
        }
    }

    /// <summary>One update as a line: ids, model, time, finish reason and each content.</summary>
    public static string Describe(string? id, string? model, long? created, string? finish, IEnumerable<string> parts) =>
        $"{id}|{model}|{created}|{finish}|" + string.Join(" ¦ ", parts);

    /// <summary>A call as a line: arguments compared as canonical JSON (empty means an empty object).</summary>
    public static string CallLine(string? id, string? name, string arguments) =>
        $"call:{id}|{name}|{Canonical(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments)}";

    public static string Canonical(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return Canonical(document.RootElement);
    }

    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
        JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => element.GetRawText(),
    };

    private static JsonElement? ChoiceZero(JsonElement root)
    {
        if (!root.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        JsonElement[] objects = choices.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToArray();
        for (int position = 0; position < objects.Length; position++)
        {
            int index = objects[position].TryGetProperty("index", out JsonElement i) ? (int)i.GetDouble() : position;
            if (index == 0)
            {
                return objects[position];
            }
        }

        return null;
    }

    private static void AddFragments(JsonElement delta, SortedDictionary<int, (string? Id, string? Name, string Arguments)> calls)
    {
        if (delta.ValueKind != JsonValueKind.Object || !delta.TryGetProperty("tool_calls", out JsonElement fragments))
        {
            return;
        }

        int position = 0;
        foreach (JsonElement fragment in fragments.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            int index = fragment.TryGetProperty("index", out JsonElement i) ? (int)i.GetDouble() : position;
            position++;
            (string? id, string? name, string arguments) = calls.GetValueOrDefault(index, (null, null, string.Empty));
            string? newId = fragment.TryGetProperty("id", out JsonElement f) ? f.GetString() : null;
            id ??= string.IsNullOrEmpty(newId) ? null : newId;
            if (fragment.TryGetProperty("function", out JsonElement function))
            {
                string? newName = function.TryGetProperty("name", out JsonElement n) ? n.GetString() : null;
                name ??= string.IsNullOrEmpty(newName) ? null : newName;
                arguments += function.TryGetProperty("arguments", out JsonElement a) ? a.GetString() : string.Empty;
            }

            calls[index] = (id, name, arguments);
        }
    }

    private static void AddCallsUpdate(List<string> updates, SortedDictionary<int, (string? Id, string? Name, string Arguments)> calls, string? id, string? model, long? created, string? finish, List<string> parts)
    {
        foreach ((int _, (string? callId, string? name, string arguments)) in calls)
        {
            parts.Add(CallLine(callId, name, arguments));
        }

        if (parts.Count > 0)
        {
            updates.Add(Describe(id, model, created, finish, parts));
        }

        calls.Clear();
    }

    /// <summary>The string's text, lone surrogate escapes included (JsonElement.GetString refuses them), decoded by hand from the raw JSON.</summary>
    private static string? Text(JsonElement delta, string name)
    {
        if (delta.ValueKind != JsonValueKind.Object || !delta.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string raw = value.GetRawText();
        var text = new StringBuilder();
        for (int k = 1; k < raw.Length - 1; k++)
        {
            if (raw[k] != '\\')
            {
                text.Append(raw[k]);
                continue;
            }

            char e = raw[++k];
            if (e == 'u')
            {
                text.Append((char)int.Parse(raw.AsSpan(k + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                k += 4;
            }
            else
            {
                text.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => e });
            }
        }

        return text.ToString();
    }

    /// <summary>Held half + piece; a trailing high half is held again; the rest must be well-formed UTF-16.</summary>
    private static string? Join(Dictionary<string, string> held, string kind, string? piece)
    {
        if (string.IsNullOrEmpty(piece))
        {
            return piece;
        }

        string text = held[kind] + piece;
        held[kind] = string.Empty;
        if (char.IsHighSurrogate(text[^1]))
        {
            held[kind] = text[^1..];
            text = text[..^1];
        }

        for (int k = 0; k < text.Length; k++)
        {
            if (char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]))
            {
                k++;
            }
            else if (char.IsSurrogate(text[k]))
            {
                throw new JsonException("lone surrogate");
            }
        }

        return text;
    }

    private static void EnsureNothingHeld(Dictionary<string, string> held)
    {
        if (held.Values.Any(h => h.Length > 0))
        {
            throw new JsonException("lone surrogate at the end");
        }
    }
}
