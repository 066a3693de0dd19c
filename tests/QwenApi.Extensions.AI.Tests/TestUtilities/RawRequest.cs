namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>One request as <see cref="RawConnection"/> read it off the socket: the request line, the headers and the body.</summary>
internal sealed record RawRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body);
