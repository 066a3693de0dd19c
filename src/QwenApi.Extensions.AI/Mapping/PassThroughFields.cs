using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The top-level fields a caller supplies as they are: the object from <see cref="ChatOptions.RawRepresentationFactory"/>
/// (a <see cref="JsonObject"/>, a <see cref="JsonElement"/> object, or an <see cref="IDictionary{TKey, TValue}"/> of
/// string to object) and every <see cref="ChatOptions.AdditionalProperties"/> entry. They replace the mapped field of
/// the same name; <c>model</c>, <c>messages</c> and <c>stream</c> are reserved.
/// </summary>
internal readonly struct PassThroughFields
{
    private readonly IEnumerable<KeyValuePair<string, object?>>? _raw;
    private readonly HashSet<string>? _rawKeys;
    private readonly AdditionalPropertiesDictionary? _additional;

    private PassThroughFields(IEnumerable<KeyValuePair<string, object?>>? raw, HashSet<string>? rawKeys, AdditionalPropertiesDictionary? additional)
    {
        _raw = raw;
        _rawKeys = rawKeys;
        _additional = additional;
    }

    public static PassThroughFields Create(ChatOptions? options, IChatClient client)
    {
        AdditionalPropertiesDictionary? additional = options?.AdditionalProperties is { Count: > 0 } ap ? ap : null;
        if (additional is not null)
        {
            foreach (KeyValuePair<string, object?> field in additional)
            {
                CheckKey(field.Key, field.Value, "ChatOptions.AdditionalProperties");
            }
        }

        object? raw = options?.RawRepresentationFactory?.Invoke(client);
        if (raw is null)
        {
            return new PassThroughFields(null, null, additional);
        }

        List<KeyValuePair<string, object?>> rawFields = raw switch
        {
            JsonObject obj => obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList(),
            JsonElement { ValueKind: JsonValueKind.Object } element => element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList(),
            IEnumerable<KeyValuePair<string, object?>> dictionary => dictionary.ToList(),
            _ => throw new NotSupportedException(
                $"ChatOptions.RawRepresentationFactory returned a {raw.GetType().FullName}; QwenChatClient accepts a JsonObject, a JsonElement holding an object, or an IDictionary<string, object?> whose entries become top-level request fields."),
        };

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> field in rawFields)
        {
            CheckKey(field.Key, field.Value, "The RawRepresentationFactory result");
            keys.Add(field.Key);
        }

        return new PassThroughFields(rawFields, keys, additional);
    }

    private static bool IsOne(object? value) => value switch
    {
        null => true,
        int i => i == 1,
        long l => l == 1,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out int n) && n == 1,
        JsonNode node => node.GetValueKind() == JsonValueKind.Number && node.GetValue<double>() == 1,
        _ => false,
    };

    public bool Contains(string key) =>
        (_rawKeys is not null && _rawKeys.Contains(key)) || (_additional is not null && _additional.ContainsKey(key));

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_raw is not null)
        {
            foreach (KeyValuePair<string, object?> field in _raw)
            {
                writer.WritePropertyName(field.Key);
                JsonValueWriter.Write(writer, field.Value, $"RawRepresentationFactory field \"{field.Key}\"");
            }
        }

        if (_additional is not null)
        {
            foreach (KeyValuePair<string, object?> field in _additional)
            {
                if (_rawKeys is not null && _rawKeys.Contains(field.Key))
                {
                    continue;
                }

                writer.WritePropertyName(field.Key);
                JsonValueWriter.Write(writer, field.Value, $"ChatOptions.AdditionalProperties[\"{field.Key}\"]");
            }
        }
    }

    private static void CheckKey(string key, object? value, string source)
    {
        // Only the first choice can be mapped to one ChatResponse; asking for more would silently lose answers.
        if (key == "n" && !IsOne(value))
        {
            Throw.NotSupportedException($"{source} sets \"n\" to {value}; QwenChatClient returns one answer per call (n = 1). Make several calls instead.");
        }

        if (string.IsNullOrEmpty(key))
        {
            Throw.ArgumentException("options", $"{source} has an empty key; every entry becomes a top-level request field and needs a name.");
        }

        if (key is "model" or "messages" or "stream")
        {
            Throw.ArgumentException("options", $"{source} sets \"{key}\", which the client writes itself: use ChatOptions.ModelId for the model, the messages argument for messages, and GetStreamingResponseAsync for streaming.");
        }
    }
}
