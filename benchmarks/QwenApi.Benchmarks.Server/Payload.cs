namespace QwenApi.Benchmarks.Server;

/// <summary>One pre-built response body.</summary>
internal sealed record Payload(string ContentType, byte[] Bytes);
