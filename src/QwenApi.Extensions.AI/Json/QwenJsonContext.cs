using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenApi.Extensions.AI;

/// <summary>Source-generated JSON metadata: no reflection, safe for trimming and NativeAOT.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class QwenJsonContext : JsonSerializerContext
{
}
