using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI;

/// <summary>
/// The top-level fields a caller supplies as they are, for chat and embeddings requests alike: the object from the
/// options' <c>RawRepresentationFactory</c> (a <see cref="JsonObject"/>, a <see cref="JsonElement"/> object, or an
/// <see cref="IDictionary{TKey, TValue}"/> of string to object) and every <c>AdditionalProperties</c> entry. They replace
/// the mapped field of the same name; the fields the client writes itself are reserved.
/// </summary>
internal readonly struct PassThroughFields
{
    private readonly IEnumerable<KeyValuePair<string, object?>>? _raw;
    private readonly HashSet<string>? _rawKeys;
    private readonly AdditionalPropertiesDictionary? _additional;
    private readonly Caller _caller;

    private PassThroughFields(IEnumerable<KeyValuePair<string, object?>>? raw, HashSet<string>? rawKeys, AdditionalPropertiesDictionary? additional, Caller caller)
    {
        _raw = raw;
        _rawKeys = rawKeys;
        _additional = additional;
        _caller = caller;
    }

    /// <summary>The fields of a chat request: <c>model</c>, <c>messages</c> and <c>stream</c> are reserved, and <c>n</c> must be 1.</summary>
    public static PassThroughFields Create(ChatOptions? options, IChatClient client) =>
        Create(options?.RawRepresentationFactory?.Invoke(client), options?.AdditionalProperties, Caller.Chat);

    /// <summary>The fields of an embeddings request: <c>model</c>, <c>input</c> and <c>encoding_format</c> are reserved.</summary>
    public static PassThroughFields Create(EmbeddingGenerationOptions? options, IEmbeddingGenerator generator) =>
        Create(options?.RawRepresentationFactory?.Invoke(generator), options?.AdditionalProperties, Caller.Embeddings);

    private static PassThroughFields Create(object? raw, AdditionalPropertiesDictionary? additional, Caller caller)
    {
        additional = additional is { Count: > 0 } ? additional : null;
        if (additional is not null)
        {
            foreach (KeyValuePair<string, object?> field in additional)
            {
                CheckKey(field.Key, field.Value, caller.Options + ".AdditionalProperties", caller);
            }
        }

        if (raw is null)
        {
            return new PassThroughFields(null, null, additional, caller);
        }

        List<KeyValuePair<string, object?>> rawFields = raw switch
        {
            JsonObject obj => obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList(),
            JsonElement { ValueKind: JsonValueKind.Object } element => element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList(),
            IEnumerable<KeyValuePair<string, object?>> dictionary => dictionary.ToList(),
            _ => throw new NotSupportedException(
                $"{caller.Options}.RawRepresentationFactory returned a {raw.GetType().FullName}; {caller.Client} accepts a JsonObject, a JsonElement holding an object, or an IDictionary<string, object?> whose entries become top-level request fields."),
        };

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> field in rawFields)
        {
            CheckKey(field.Key, field.Value, "The RawRepresentationFactory result", caller);
            keys.Add(field.Key);
        }

        return new PassThroughFields(rawFields, keys, additional, caller);
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
                JsonValueWriter.Write(writer, field.Value, $"{_caller.Options}.AdditionalProperties[\"{field.Key}\"]");
            }
        }
    }

    private static void CheckKey(string key, object? value, string source, Caller caller)
    {
        // Only the first choice can be mapped to one ChatResponse; asking for more would silently lose answers.
        if (caller.OneAnswer && key == "n" && !IsOne(value))
        {
            Throw.NotSupportedException($"{source} sets \"n\" to {value}; QwenChatClient returns one answer per call (n = 1). Make several calls instead.");
        }

        if (string.IsNullOrEmpty(key))
        {
            Throw.ArgumentException("options", $"{source} has an empty key; every entry becomes a top-level request field and needs a name.");
        }

        if (caller.Reserved.Contains(key))
        {
            Throw.ArgumentException("options", $"{source} sets \"{key}\", which the client writes itself: {caller.Instead}");
        }
    }

    /// <summary>
    /// Who passes the fields through: the names its messages use, the fields it writes itself, and whether it maps one
    /// answer per call (so <c>n</c> must be 1).
    /// </summary>
    private sealed record Caller(string Options, string Client, string[] Reserved, string Instead, bool OneAnswer = false)
    {
        public static readonly Caller Chat = new(
            "ChatOptions", "QwenChatClient", ["model", "messages", "stream"],
            "use ChatOptions.ModelId for the model, the messages argument for messages, and GetStreamingResponseAsync for streaming.",
            OneAnswer: true);

        // encoding_format is the generator's: it falls back from base64 to float when a server refuses base64.
        public static readonly Caller Embeddings = new(
            "EmbeddingGenerationOptions", "QwenEmbeddingGenerator", ["model", "input", "encoding_format"],
            "use EmbeddingGenerationOptions.ModelId for the model, the values argument for the input and QwenClientOptions.EmbeddingEncoding for the encoding.");
    }
}
