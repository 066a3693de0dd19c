using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.EndToEnd;

/// <summary>MEAI's structured output (<c>GetResponseAsync&lt;T&gt;</c>) through QwenChatClient against the simulator.</summary>
public sealed class StructuredOutputTests : SimulatorTestBase
{
    [Fact]
    public async Task GetResponseAsyncOfT_RecordWithEnumNumberNestedObjectAndList_DeserializesSchemaSample()
    {
        using IChatClient client = CreateClient();

        var response = await client.GetResponseAsync<Forecast>("Forecast for Paris");

        Assert.Equal(
            """{"city":"sample","sky":"Sunny","temperature":1.5,"station":{"name":"sample","elevation":1},"alerts":["sample","sample"]}""",
            response.Text);
        var forecast = response.Result;
        Assert.Equal("sample", forecast.City);
        Assert.Equal(Sky.Sunny, forecast.Sky);
        Assert.Equal(1.5, forecast.Temperature);
        Assert.Equal(new Station("sample", 1), forecast.Station);
        Assert.Equal(["sample", "sample"], forecast.Alerts);
        var request = Assert.Single(Simulator.Requests);
        Assert.Equal("json_schema", request.Json!.Value.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetResponseAsyncOfT_JsonObjectWithSchemaInPrompt_DeserializesSchemaSample()
    {
        using IChatClient client = CreateClient();

        var response = await client.GetResponseAsync<Forecast>("Forecast for Paris", useJsonSchemaResponseFormat: false);

        Assert.Equal(
            """{"city":"sample","sky":"Sunny","temperature":1.5,"station":{"name":"sample","elevation":1},"alerts":["sample","sample"]}""",
            response.Text);
        Assert.Equal(new Station("sample", 1), response.Result.Station);
        var request = Assert.Single(Simulator.Requests);
        Assert.Equal("json_object", request.Json!.Value.GetProperty("response_format").GetProperty("type").GetString());
    }

    private QwenChatClient CreateClient() => new(new QwenClientOptions
    {
        ApiKey = Simulator.ApiKey, Endpoint = Simulator.Endpoint, ModelId = "qwen-plus", MaxRetries = 0,
    });

    public enum Sky
    {
        Sunny,
        Cloudy,
        Rainy,
    }

    public sealed record Station(string Name, int Elevation);

    public sealed record Forecast(string City, Sky Sky, double Temperature, Station Station, IReadOnlyList<string> Alerts);
}
