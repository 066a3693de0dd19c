using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Protocol;

public sealed class AnswerFactoryJsonTests : SimulatorTestBase
{
    [Fact]
    public async Task Unary_JsonSchemaWithAnswerFactory_SendsFactoryText()
    {
        var (_, body) = await SendAsync(SchemaAnswers.SchemaBody("""{"type":"integer"}""", "n?"));

        Assert.Equal("""{"mine":true}""", SchemaAnswers.Content(body));
    }

    protected override QwenSimulatorOptions CreateOptions() => new() { TimeProvider = Time, AnswerFactory = _ => """{"mine":true}""" };
}
