using System.Text.Json;
using QwenApi.Testing;

namespace QwenApi.Simulator.Host;

/// <summary>Maps the main key of a script entry to its <see cref="SimulatorResponse"/> factory.</summary>
internal static class ScriptResponses
{
    public static SimulatorResponse Create(string kind, JsonElement entry, string directory)
    {
        var value = entry.GetProperty(kind);
        return kind switch
        {
            "answer" => SimulatorResponse.Answer(
                Text(value, "answer"),
                entry.TryGetProperty("reasoning", out var reasoning) ? Text(reasoning, "reasoning") : null),
            "toolCalls" => SimulatorResponse.ToolCalls(
                entry.TryGetProperty("text", out var text) ? Text(text, "text") : string.Empty,
                ToolCalls(value)),
            "error" => Error(value),
            "replayFile" => SimulatorResponse.ReplayFile(
                Path.Combine(directory, Text(value, "replayFile")),
                entry.TryGetProperty("splitEveryBytes", out var split) ? Integer(split, "splitEveryBytes") : null),
            "fault" => Fault(Text(value, "fault"), entry.TryGetProperty("chunks", out var chunks) ? Integer(chunks, "chunks") : 0),
            _ => SimulatorResponse.SlowDrip(TimeSpan.FromMilliseconds(Integer(value, "slowDripMs"))),
        };
    }

    public static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidDataException($"\"{name}\" must be a string.");

    public static Dictionary<string, string> Headers(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("\"headers\" must be an object of strings.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in value.EnumerateObject())
        {
            headers[header.Name] = header.Value.ValueKind == JsonValueKind.Number ? header.Value.GetRawText() : Text(header.Value, header.Name);
        }

        return headers;
    }

    // JSON written in the script (arguments, an error body) is sent compact, as Qwen sends it, whatever its layout there.
    private static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static int Integer(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidDataException($"\"{name}\" must be an integer.");

    private static SimulatorToolCall[] ToolCalls(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("\"toolCalls\" must be an array of {\"name\",\"arguments\",\"id\"} objects.");
        }

        return
        [
            .. value.EnumerateArray().Select(call => call.ValueKind == JsonValueKind.Object && call.TryGetProperty("name", out var name)
                ? new SimulatorToolCall(
                    Text(name, "name"),
                    call.TryGetProperty("arguments", out var arguments) ? (arguments.ValueKind == JsonValueKind.String ? arguments.GetString()! : Compact(arguments)) : "{}",
                    call.TryGetProperty("id", out var id) ? Text(id, "id") : null)
                : throw new InvalidDataException("each tool call needs a \"name\".")),
        ];
    }

    // The body is sent verbatim: a string as is, any other JSON value as its JSON text.
    private static SimulatorResponse Error(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("status", out var status))
        {
            throw new InvalidDataException("\"error\" must be an object with a \"status\".");
        }

        var body = value.TryGetProperty("body", out var b) ? (b.ValueKind == JsonValueKind.String ? b.GetString() : Compact(b)) : null;
        return SimulatorResponse.Error(
            Integer(status, "status"),
            body,
            value.TryGetProperty("headers", out var headers) ? Headers(headers) : null,
            value.TryGetProperty("contentType", out var type) ? Text(type, "contentType") : "application/json");
    }

    private static SimulatorResponse Fault(string name, int chunks) => name switch
    {
        "resetBeforeHeaders" => SimulatorResponse.ResetBeforeHeaders(),
        "stallBeforeHeaders" => SimulatorResponse.StallBeforeHeaders(),
        "stallAfterChunks" => SimulatorResponse.StallAfterChunks(chunks),
        "dropAfterChunks" => SimulatorResponse.DropAfterChunks(chunks),
        "cutAfterChunks" => SimulatorResponse.CutAfterChunks(chunks),
        "inBandErrorAfterChunks" => SimulatorResponse.InBandErrorAfterChunks(chunks),
        _ => throw new InvalidDataException(
            $"unknown fault '{name}': use resetBeforeHeaders, stallBeforeHeaders, stallAfterChunks, dropAfterChunks, cutAfterChunks or inBandErrorAfterChunks."),
    };
}
