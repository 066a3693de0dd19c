using System.Text;

namespace QwenApi.Extensions.AI.Tests.Errors;

/// <summary>One scripted response of <see cref="LoopbackErrorServer"/>: exactly these bytes, optionally cut by a reset.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body bytes (the declared Content-Length is their count).</param>
/// <param name="Headers">Extra response headers.</param>
/// <param name="ContentType">The Content-Type.</param>
/// <param name="AbortAfterBytes">When set, only this many body bytes are sent, then the connection is aborted.</param>
internal sealed record ErrorReply(int Status, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json", int? AbortAfterBytes = null)
{
    public static ErrorReply Text(int status, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null, int? abortAfterBytes = null) =>
        new(status, Encoding.UTF8.GetBytes(body), headers, contentType, abortAfterBytes);
}
