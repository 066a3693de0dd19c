using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Finds the error fields in a parsed error document. Where a member appears twice, the first that gives a value wins.
/// </summary>
/// <remarks>
/// Precedence, first found wins. The <b>message</b>: the <c>error</c> object's <c>message</c>, then that of an
/// <c>error</c> object nested inside it (<c>{"error":{"error":{…}}}</c>, one level); then their <c>detail</c>,
/// <c>errors</c>, <c>msg</c>, <c>error_msg</c>, <c>error_message</c>, <c>error_description</c> or string <c>error</c>;
/// then the top-level <c>message</c> (Alibaba's native <c>{"code","message","request_id"}</c>), written
/// <c>"&lt;error&gt;: &lt;message&gt;"</c> when a string <c>error</c> sits beside it (<c>{"error":"TypeError","message":…}</c>);
/// then the top-level string <c>error</c>; then the top-level <c>detail</c> (a string, or FastAPI's
/// <c>[{"loc":[…],"msg":…}]</c> as <c>"body.messages: field required"</c>), <c>errors</c> (<c>[{"message":…}]</c>),
/// <c>msg</c>, <c>error_msg</c>, <c>error_message</c>, <c>error_description</c>. Lists are joined with <c>"; "</c>
/// (at most 10 items). The <b>code</b>, <b>type</b> and <b>param</b>: the <c>error</c> object's, then the nested one's,
/// then the top level's (<c>code</c>, <c>error_code</c>; numbers kept as written). The <b>request id</b>: the top level's
/// <c>request_id</c>, then the error objects'. A top-level array is a list of error documents: the first one that gives
/// a message or a code is read. A top-level string is the message.
/// </remarks>
internal static class ErrorDocument
{
    private const int MaxListItems = 10;

    public static ErrorBodyParser.ParsedError Read(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                return ReadObject(root);
            case JsonValueKind.String:
                return new ErrorBodyParser.ParsedError(root.GetString(), null, null, null, null, null, true);
            case JsonValueKind.Array:
                ErrorBodyParser.ParsedError first = default;
                foreach (JsonElement item in root.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        ErrorBodyParser.ParsedError parsed = ReadObject(item);
                        if (parsed.Message is not null || parsed.Code is not null)
                        {
                            return parsed;
                        }

                        first = first.Recognized ? first : parsed;
                    }
                }

                return first;
            default:
                return default;
        }
    }

    private static ErrorBodyParser.ParsedError ReadObject(JsonElement document)
    {
        JsonElement? errorObject = FirstObject(document, "error");
        Fields top = Fields.Of(document);
        Fields error = errorObject is { } outer ? Fields.Of(outer) : default;
        Fields inner = errorObject is { } e && FirstObject(e, "error") is { } nested ? Fields.Of(nested) : default;
        string? topMessage = top.Message is null ? null
            : top.ErrorText is { Length: > 0 } kind && !top.Message.StartsWith(kind, StringComparison.Ordinal) ? $"{kind}: {top.Message}"
            : top.Message;
        string? message = error.Message ?? inner.Message
            ?? error.OtherMessage ?? error.ErrorText ?? inner.OtherMessage ?? inner.ErrorText
            ?? topMessage ?? top.ErrorText ?? top.OtherMessage;
        string? code = error.Code ?? inner.Code ?? top.Code;
        string? type = error.Type ?? inner.Type ?? top.Type;
        string? param = error.Param ?? inner.Param ?? top.Param;
        string? requestId = top.RequestId ?? error.RequestId ?? inner.RequestId;
        bool recognized = message is not null || code is not null || type is not null || errorObject is not null;
        return new ErrorBodyParser.ParsedError(message, type, code, param, requestId, null, recognized);
    }

    private static JsonElement? FirstObject(JsonElement obj, string name)
    {
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && property.NameEquals(name))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>The value of the first member named <paramref name="names"/> that <paramref name="read"/> gives a text for.</summary>
    private static string? First(JsonElement obj, Func<JsonElement, string?> read, params ReadOnlySpan<string> names)
    {
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            foreach (string name in names)
            {
                if (property.NameEquals(name) && read(property.Value) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>The best message member other than <c>message</c> and <c>error</c>, in this order.</summary>
    private static string? OtherMessage(JsonElement obj) =>
        First(obj, Text, "detail") ?? First(obj, Text, "errors") ?? First(obj, Text, "msg") ?? First(obj, Text, "error_msg")
        ?? First(obj, Text, "error_message", "errorMessage") ?? First(obj, Text, "error_description");

    /// <summary>The text of any value: a string, a scalar, a list of texts joined by "; ", or an object's message (with a FastAPI <c>loc</c> path).</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => ListText(value),
        JsonValueKind.Object => ObjectText(value),
        _ => Scalar(value),
    };

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string? ListText(JsonElement list)
    {
        var joined = new StringBuilder();
        int items = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (items == MaxListItems)
            {
                joined.Append("; …");
                break;
            }

            if (Text(item) is { Length: > 0 } text)
            {
                joined.Append(joined.Length > 0 ? "; " : string.Empty).Append(text);
                items++;
            }
        }

        return joined.Length > 0 ? joined.ToString() : null;
    }

    private static string? ObjectText(JsonElement obj)
    {
        string? message = First(obj, Text, "message") ?? OtherMessage(obj) ?? First(obj, Text, "error");
        string? location = message is null ? null : First(obj, static v => v.ValueKind == JsonValueKind.Array ? PathText(v) : Text(v), "loc");
        return location is null ? message : $"{location}: {message}";
    }

    /// <summary>FastAPI's <c>loc</c>, <c>["body","messages",0,"content"]</c>, as <c>body.messages.0.content</c>.</summary>
    private static string? PathText(JsonElement path)
    {
        string joined = string.Join('.', path.EnumerateArray().Select(static part => part.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Scalar(part) : null));
        return joined.Length > 0 ? joined : null;
    }

    /// <summary>The error members of one object: the document, its <c>error</c> object, or the one nested in that.</summary>
    private readonly record struct Fields(string? Message, string? ErrorText, string? OtherMessage, string? Type, string? Code, string? Param, string? RequestId)
    {
        public static Fields Of(JsonElement obj) => new(
            First(obj, Text, "message"),
            First(obj, static v => v.ValueKind == JsonValueKind.Object ? null : Text(v), "error"),
            ErrorDocument.OtherMessage(obj),
            First(obj, Scalar, "type"),
            First(obj, Scalar, "code", "error_code", "errorCode"),
            First(obj, Scalar, "param"),
            First(obj, Scalar, "request_id", "requestId"));
    }
}
