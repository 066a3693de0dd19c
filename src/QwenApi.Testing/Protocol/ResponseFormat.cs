using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>The request's <c>response_format</c>, when it asks for JSON.</summary>
/// <param name="Schema">
/// The <c>json_schema.schema</c> of a <c>json_schema</c> format, or <see langword="null"/> for <c>json_object</c>
/// (any JSON object).
/// </param>
internal sealed record ResponseFormat(JsonElement? Schema);
