using System.Text;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// Writes a JSON value that validates against a JSON Schema, deterministically from a seed text (the prompt): what
/// the simulator answers to <c>response_format: json_schema</c> and sends as default tool-call arguments.
/// </summary>
/// <remarks>
/// Handles <c>type</c> (and type arrays such as <c>["string","null"]</c>: the first non-null type, a number type
/// before <c>string</c> since <c>["string","integer"]</c> is how System.Text.Json describes numbers read from
/// strings), <c>object</c> with <c>properties</c> in declaration order and <c>required</c> (never extra properties, so
/// <c>additionalProperties: false</c> holds), <c>array</c> with <c>items</c>/<c>prefixItems</c>/<c>minItems</c>/
/// <c>maxItems</c>, <c>enum</c> and <c>const</c>, string formats and lengths (<see cref="SampleStrings"/>), number
/// ranges (<see cref="SampleNumbers"/>), <c>boolean</c>, <c>null</c>, <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c> (the first
/// option that is not just <c>null</c>) and <c>$ref</c> to any JSON pointer in the document (<c>#/$defs/…</c>,
/// <c>#/definitions/…</c>, <c>#</c>). Recursive schemas stop growing: past a few levels only required properties
/// and <c>minItems</c> items are written.
/// </remarks>
internal sealed class JsonSchemaSampler
{
    private const int OptionalDepth = 6;
    private const int MaxDepth = 48;
    private const int DefaultItems = 2;

    private readonly JsonElement _root;
    private readonly SampleRandom _random;

    private JsonSchemaSampler(JsonElement root, SampleRandom random)
    {
        _root = root;
        _random = random;
    }

    /// <summary>Gets compact JSON text valid for <paramref name="schema"/>; the same seed text gives the same JSON.</summary>
    public static string Sample(JsonElement schema, string seedText)
    {
        var sampler = new JsonSchemaSampler(schema, SampleRandom.FromText(seedText));
        return Encoding.UTF8.GetString(JsonBytes.Write(writer => sampler.Write(writer, schema, 0)));
    }

    private void Write(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        schema = Resolve(schema, ref depth);
        if (depth > MaxDepth || schema.ValueKind == JsonValueKind.False)
        {
            writer.WriteNullValue();
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            writer.WriteStringValue(SampleStrings.Plain);
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[(int)_random.Next(values.GetArrayLength())].WriteTo(writer);
            return;
        }

        switch (SchemaKeywords.TypeOf(schema))
        {
            case "object": WriteObject(writer, schema, depth); break;
            case "array": WriteArray(writer, schema, depth); break;
            case "integer": writer.WriteNumberValue(SampleNumbers.Integer(schema, _random)); break;
            case "number": writer.WriteNumberValue(SampleNumbers.Number(schema, _random)); break;
            case "boolean": writer.WriteBooleanValue(true); break;
            case "null": writer.WriteNullValue(); break;
            default: writer.WriteStringValue(SampleStrings.For(schema, _random)); break;
        }
    }

    /// <summary>Follows <c>$ref</c> and picks the first useful <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c> option.</summary>
    private JsonElement Resolve(JsonElement schema, ref int depth)
    {
        while (schema.ValueKind == JsonValueKind.Object && depth <= MaxDepth)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
            {
                schema = SchemaKeywords.Pointer(_root, reference.GetString()!) ?? default;
            }
            else if (SchemaKeywords.FirstOption(schema) is { } option)
            {
                schema = option;
            }
            else
            {
                return schema;
            }

            depth++;
        }

        return schema;
    }

    private void WriteObject(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        var required = SchemaKeywords.Required(schema);
        writer.WriteStartObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (depth < OptionalDepth || required.Contains(property.Name))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, depth + 1);
                    _ = required.Remove(property.Name);
                }
            }
        }

        // Required names without a property schema take additionalProperties' schema, if any.
        var extra = schema.TryGetProperty("additionalProperties", out var additional) ? additional : default;
        foreach (var name in required)
        {
            writer.WritePropertyName(name);
            Write(writer, extra, depth + 1);
        }

        writer.WriteEndObject();
    }

    private void WriteArray(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        var prefix = schema.TryGetProperty("prefixItems", out var p) && p.ValueKind == JsonValueKind.Array ? p : default;
        var items = schema.TryGetProperty("items", out var i) ? i : default;
        var min = SchemaKeywords.Count(schema, "minItems") ?? 0;
        var max = SchemaKeywords.Count(schema, "maxItems") ?? int.MaxValue;
        var count = Math.Min(Math.Max(depth < OptionalDepth ? DefaultItems : 0, min), max);
        if (prefix.ValueKind == JsonValueKind.Array)
        {
            count = Math.Min(Math.Max(prefix.GetArrayLength(), min), max);
        }

        writer.WriteStartArray();
        for (var index = 0; index < count; index++)
        {
            var item = prefix.ValueKind == JsonValueKind.Array && index < prefix.GetArrayLength() ? prefix[index]
                : items.ValueKind == JsonValueKind.Array ? (index < items.GetArrayLength() ? items[index] : default)
                : items;
            Write(writer, item, depth + 1);
        }

        writer.WriteEndArray();
    }
}
