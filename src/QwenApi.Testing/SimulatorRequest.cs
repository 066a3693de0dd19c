using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>
/// One HTTP request the <see cref="QwenSimulator"/> received, recorded before it was answered.
/// </summary>
public sealed class SimulatorRequest
{
    internal SimulatorRequest(
        int sequence,
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string body,
        JsonElement? json,
        string? lastUserMessage)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        Json = json;
        LastUserMessage = lastUserMessage;
    }

    /// <summary>Gets the 1-based arrival number of the request; it is also the <c>N</c> of <c>x-request-id: sim-req-N</c>.</summary>
    public int Sequence { get; }

    /// <summary>Gets the HTTP method, for example <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the request path (without query string), for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// Gets the request headers, keyed case-insensitively. A header sent several times has its values joined with
    /// <c>", "</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the request body decoded as UTF-8; empty when there was none.</summary>
    public string Body { get; }

    /// <summary>Gets the parsed body, or <see langword="null"/> when the body is not JSON.</summary>
    public JsonElement? Json { get; }

    /// <summary>
    /// Gets the text of the last <c>user</c> message (string content, or the <c>text</c> parts joined), or
    /// <see langword="null"/> when the body has no user message.
    /// </summary>
    public string? LastUserMessage { get; }

    /// <summary>
    /// Gets the request as one line of JSON, the form the <c>GET /_simulator/requests</c> endpoint and the host's
    /// <c>--record</c> file use: <c>{"sequence":1,"method":"POST","path":"/v1/chat/completions","headers":{…},"body":…}</c>.
    /// The <c>Authorization</c> header is left out, so records can be kept and shared without the key; <c>body</c> is
    /// the parsed JSON when the body is JSON, else the text (<see langword="null"/> when empty).
    /// </summary>
    /// <returns>Compact JSON text, without a line break.</returns>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(JsonBytes.Write(WriteTo));

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", Sequence);
        writer.WriteString("method", Method);
        writer.WriteString("path", Path);
        writer.WriteStartObject("headers");
        foreach (var (name, value) in Headers)
        {
            if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                writer.WriteString(name, value);
            }
        }

        writer.WriteEndObject();
        writer.WritePropertyName("body");
        if (Json is { } json)
        {
            json.WriteTo(writer);
        }
        else if (Body.Length > 0)
        {
            writer.WriteStringValue(Body);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }
}
