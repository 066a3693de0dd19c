using System.Text.Json;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Protocol;

/// <summary>Which tool the default answer calls, and arguments valid for the tool's schema.</summary>
public sealed class ToolChoiceTests : SimulatorTestBase
{
    private const string ZoneTool =
        """{"type":"function","function":{"name":"get_time_zone","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}""";

    private const string BookingTool =
        """{"type":"function","function":{"name":"book_room","parameters":{"type":"object","properties":{"size":{"type":"string","enum":["single","double","suite"]},"nights":{"type":"integer","minimum":1,"maximum":14},"arrival":{"type":"string","format":"date"},"breakfast":{"type":["boolean","null"]},"guest":{"$ref":"#/$defs/Guest"}},"required":["size","nights","guest"],"additionalProperties":false,"$defs":{"Guest":{"type":"object","properties":{"email":{"type":"string","format":"email"}},"required":["email"]}}}}}""";

    [Fact]
    public async Task Unary_LastUserMessageNamesTool_CallsThatTool()
    {
        var call = await SingleCallAsync("Please use get_time for Tokyo", ChatBodies.WeatherTool, ChatBodies.TimeTool);

        Assert.Equal("get_time", call.Name);
        Assert.Equal("""{"zone":"sample"}""", call.Arguments);
    }

    [Fact]
    public async Task Unary_NameMentionedInDifferentCase_CallsThatTool() =>
        Assert.Equal("get_time", (await SingleCallAsync("GET_TIME now", ChatBodies.WeatherTool, ChatBodies.TimeTool)).Name);

    [Fact]
    public async Task Unary_TwoNamesMentioned_CallsTheLongestName() =>
        Assert.Equal("get_time_zone", (await SingleCallAsync("get_time_zone, not get_time", ChatBodies.TimeTool, ZoneTool)).Name);

    [Fact]
    public async Task Unary_NoToolNamed_CallsFirstTool() =>
        Assert.Equal("get_weather", (await SingleCallAsync("What now?", ChatBodies.WeatherTool, ChatBodies.TimeTool)).Name);

    [Fact]
    public async Task Unary_ParallelWithToolsNamed_CallsOnlyNamedToolsInOrder()
    {
        var body = ChatBodies.User(
            "get_time_zone then get_time",
            extra: $$"""{"parallel_tool_calls":true,"tools":[{{ChatBodies.WeatherTool}},{{ChatBodies.TimeTool}},{{ZoneTool}}]}""");

        var (_, response) = await SendAsync(body);

        Assert.Equal(["get_time", "get_time_zone"], Calls(response).Select(c => c.Name));
    }

    [Fact]
    public async Task Unary_SchemaWithEnumRangeFormatNullableAndRef_SendsArgumentsValidForIt()
    {
        var call = await SingleCallAsync("Book it", BookingTool);

        Assert.Equal(
            """{"size":"single","nights":6,"arrival":"2026-10-13","breakfast":true,"guest":{"email":"user915@example.com"}}""",
            call.Arguments);
    }

    [Fact]
    public async Task Unary_ToolWithoutParameters_SendsEmptyObject() => Assert.Equal(
        "{}",
        (await SingleCallAsync("Ping", """{"type":"function","function":{"name":"ping"}}""")).Arguments);

    private async Task<(string Name, string Arguments)> SingleCallAsync(string prompt, params string[] tools)
    {
        var (status, body) = await SendAsync(ChatBodies.User(prompt, extra: $$"""{"tools":[{{string.Join(",", tools)}}]}"""));
        Assert.Equal(200, status);
        return Assert.Single(Calls(body));
    }

    private static List<(string Name, string Arguments)> Calls(string body) =>
    [
        .. JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")
            .EnumerateArray()
            .Select(c => (c.GetProperty("function").GetProperty("name").GetString()!, c.GetProperty("function").GetProperty("arguments").GetString()!)),
    ];
}
