using System.Text.Json;
using System.Text.Json.Nodes;

namespace QwenApi.SemanticKernel.Tests.TestUtilities;

/// <summary>Exact comparisons of wire JSON.</summary>
internal static class WireAssert
{
    /// <summary>Asserts that <paramref name="actual"/> is the same JSON as <paramref name="expected"/> (property order ignored).</summary>
    public static void Json(string expected, JsonElement actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())),
            $"expected {JsonNode.Parse(expected)!.ToJsonString()}{Environment.NewLine}but was {actual.GetRawText()}");

    /// <summary>Asserts that the request body has none of the named fields.</summary>
    public static void Absent(JsonElement body, params string[] names)
    {
        foreach (string name in names)
        {
            Assert.False(body.TryGetProperty(name, out _), $"the request should not carry \"{name}\": {body.GetRawText()}");
        }
    }
}
