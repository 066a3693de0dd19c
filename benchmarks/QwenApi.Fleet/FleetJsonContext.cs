using System.Text.Json.Serialization;

namespace QwenApi.Fleet;

/// <summary>Source-generated JSON for the worker's result line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkerResult))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
