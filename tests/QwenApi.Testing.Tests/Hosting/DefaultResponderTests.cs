using System.Net.Http.Headers;
using System.Text;
using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Hosting;

public sealed class DefaultResponderTests : SimulatorTestBase
{
    [Fact]
    public async Task Post_WrongKey_Returns401InvalidApiKeyEnvelope()
    {
        using var response = await SimulatorHttp.PostAsync(Client, Simulator, ChatBodies.User("Hi"), apiKey: "wrong");

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("sim-req-1", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal(
            """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"},"request_id":"sim-req-1"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_NoAuthorizationHeader_Returns401()
    {
        using var content = new StringContent(ChatBodies.User("Hi"), Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(SimulatorHttp.ChatUri(Simulator), content);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Post_OptionsApiKey_IsTheAcceptedKey()
    {
        await using var simulator = await QwenSimulator.StartAsync(new QwenSimulatorOptions { ApiKey = "custom" });

        var (okStatus, _) = await SimulatorHttp.SendAsync(Client, simulator, ChatBodies.User("Hi"));
        var (badStatus, _) = await SimulatorHttp.SendAsync(Client, simulator, ChatBodies.User("Hi"), apiKey: "sim-key");

        Assert.Equal("custom", simulator.ApiKey);
        Assert.Equal(200, okStatus);
        Assert.Equal(401, badStatus);
    }

    [Theory]
    [InlineData("not json", null, "The request body must be a JSON object.")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", "model", "The parameter 'model' is required and must be a non-empty string.")]
    [InlineData("""{"model":"qwen-plus","messages":[]}""", "messages", "The parameter 'messages' is required and must be a non-empty array.")]
    [InlineData("""{"model":"qwen-plus"}""", "messages", "The parameter 'messages' is required and must be a non-empty array.")]
    [InlineData("""{"model":"qwen-plus","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hi"}]}""", "messages[0].role", "The parameter 'messages[0].role' must be one of system, user, assistant, tool; got 'developer'.")]
    [InlineData("""{"model":"qwen-plus","max_tokens":0,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens", "The parameter 'max_tokens' must be a positive integer.")]
    public async Task Post_InvalidBody_Returns400InvalidParameterNamingTheField(string body, string? param, string message)
    {
        var (status, response) = await SendAsync(body);

        Assert.Equal(400, status);
        var expectedParam = param is null ? "null" : $"\"{param}\"";
        Assert.Equal(
            $$"""{"error":{"message":"{{message}}","type":"invalid_request_error","param":{{expectedParam}},"code":"invalid_parameter_error"},"request_id":"sim-req-1"}""",
            response);
    }

    [Fact]
    public async Task Post_NonQwenModel_Returns404ModelNotFound()
    {
        var (status, body) = await SendAsync(ChatBodies.User("Hi", model: "gpt-4o"));

        Assert.Equal(404, status);
        Assert.Contains("\"code\":\"model_not_found\"", body, StringComparison.Ordinal);
        Assert.Contains("gpt-4o", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_UnknownPath_Returns404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Simulator.Endpoint + "/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Simulator.ApiKey);
        using var response = await Client.SendAsync(request);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("\"code\":\"not_found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ChatCompletions_Returns405WithAllow()
    {
        using var response = await Client.GetAsync(SimulatorHttp.ChatUri(Simulator));

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("POST", Assert.Single(response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Post_ScriptedResponse_IsServedWhateverTheKey()
    {
        Simulator.Enqueue(SimulatorResponse.Answer("scripted"));

        var (status, body) = await SendAsync(ChatBodies.User("Hi"), apiKey: "wrong");

        Assert.Equal(200, status);
        Assert.Contains("\"content\":\"scripted\"", body, StringComparison.Ordinal);
    }
}
