using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>Reads JSON Schema keywords leniently: a malformed keyword is treated as absent.</summary>
internal static class SchemaKeywords
{
    private static readonly string[] s_preferredTypes = ["object", "array", "integer", "number", "boolean", "string"];

    /// <summary>
    /// Gets the type to sample: the <c>type</c> string; from a type array the first non-null type, except that a
    /// number, object or array type wins over <c>string</c> (System.Text.Json writes numbers that may be read from
    /// strings as <c>["string","integer"]</c> with a digits pattern); <c>object</c> or <c>array</c> when absent but
    /// implied by <c>properties</c> or <c>items</c>; otherwise <see langword="null"/>.
    /// </summary>
    public static string? TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString();
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var types = type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
                var nonNull = types.Where(t => t != "null").ToList();
                return nonNull.Count == 0 ? (types.Count > 0 ? "null" : null)
                    : nonNull[0] == "string" ? nonNull.FirstOrDefault(t => t != "string" && s_preferredTypes.Contains(t)) ?? "string"
                    : nonNull[0];
            }
        }

        return schema.TryGetProperty("properties", out _) || schema.TryGetProperty("required", out _) ? "object"
            : schema.TryGetProperty("items", out _) || schema.TryGetProperty("prefixItems", out _) ? "array"
            : null;
    }

    /// <summary>
    /// Gets the first option of <c>anyOf</c>, <c>oneOf</c> or <c>allOf</c> that is not only <c>{"type":"null"}</c>
    /// (or the first when all are), or <see langword="null"/> when the schema has none.
    /// </summary>
    public static JsonElement? FirstOption(JsonElement schema)
    {
        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(keyword, out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                foreach (var option in options.EnumerateArray())
                {
                    if (!IsNullOnly(option))
                    {
                        return option;
                    }
                }

                return options[0];
            }
        }

        return null;
    }

    /// <summary>Resolves a local <c>$ref</c> (<c>#</c> or a JSON pointer such as <c>#/$defs/Item</c>) against the root.</summary>
    public static JsonElement? Pointer(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        var current = root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Gets the <c>required</c> property names, in order.</summary>
    public static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).Distinct()]
            : [];

    /// <summary>Gets a non-negative count keyword such as <c>minItems</c>, capped at 64.</summary>
    public static int? Count(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count)
            ? Math.Clamp(count, 0, 64)
            : null;

    private static bool IsNullOnly(JsonElement option) =>
        option.ValueKind == JsonValueKind.Object && option.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String && type.ValueEquals("null");
}
