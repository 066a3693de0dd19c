using System.Text.Json;

namespace QwenApi.Testing.Tests.TestUtilities;

/// <summary>Asks a simulator for a <c>response_format</c> answer over HTTP and reads back the message content.</summary>
internal static class SchemaAnswers
{
    /// <summary>The body of a unary request whose <c>response_format</c> is <c>json_schema</c> with <paramref name="schema"/>.</summary>
    public static string SchemaBody(string schema, string prompt = "Describe it", bool stream = false) =>
        ChatBodies.User(prompt, stream, """{"response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":""" + schema + "}}}");

    /// <summary>Posts a <c>json_schema</c> request for <paramref name="schema"/> and returns the answer's <c>content</c>.</summary>
    public static async Task<string> ContentAsync(HttpClient client, QwenSimulator simulator, string schema, string prompt = "Describe it")
    {
        var (status, body) = await SimulatorHttp.SendAsync(client, simulator, SchemaBody(schema, prompt));
        Assert.Equal(200, status);
        return Content(body);
    }

    /// <summary>Gets <c>choices[0].message.content</c> of a unary body.</summary>
    public static string Content(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
}
