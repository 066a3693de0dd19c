using QwenApi.Testing.Tests.TestUtilities;

namespace QwenApi.Testing.Tests.Schema;

/// <summary>One test per JSON Schema construct: the unary answer to a <c>json_schema</c> request, exactly.</summary>
public sealed class JsonSchemaAnswerTests : SimulatorTestBase
{
    [Theory]
    [InlineData("""{"type":"string"}""", "\"sample\"")]
    [InlineData("""{"type":"integer"}""", "1")]
    [InlineData("""{"type":"number"}""", "1.5")]
    [InlineData("""{"type":"boolean"}""", "true")]
    [InlineData("""{"type":"null"}""", "null")]
    [InlineData("""{}""", "\"sample\"")]
    public async Task JsonSchema_ScalarType_AnswersDefaultSampleOfThatType(string schema, string expected) =>
        Assert.Equal(expected, await ContentAsync(schema));

    [Fact]
    public async Task JsonSchema_ObjectWithProperties_WritesEveryPropertyInDeclarationOrder() => Assert.Equal(
        """{"name":"sample","age":1,"score":1.5,"active":true}""",
        await ContentAsync("""{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"score":{"type":"number"},"active":{"type":"boolean"}}}"""));

    [Fact]
    public async Task JsonSchema_RequiredWithoutPropertySchema_WritesRequiredName() => Assert.Equal(
        """{"a":"sample","b":"sample"}""",
        await ContentAsync("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a","b"]}"""));

    [Fact]
    public async Task JsonSchema_AdditionalPropertiesFalse_WritesOnlyDeclaredProperties() => Assert.Equal(
        """{"id":1}""",
        await ContentAsync("""{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"additionalProperties":false}"""));

    [Fact]
    public async Task JsonSchema_ArrayWithItems_WritesTwoItems() => Assert.Equal(
        """[{"x":1},{"x":1}]""",
        await ContentAsync("""{"type":"array","items":{"type":"object","properties":{"x":{"type":"integer"}}}}"""));

    [Fact]
    public async Task JsonSchema_ArrayMinAndMaxItems_WritesCountWithinBounds()
    {
        Assert.Equal("""["sample","sample","sample"]""", await ContentAsync("""{"type":"array","items":{"type":"string"},"minItems":3}"""));
        Assert.Equal("""[true]""", await ContentAsync("""{"type":"array","items":{"type":"boolean"},"maxItems":1}"""));
    }

    [Fact]
    public async Task JsonSchema_Enum_AnswersOneOfTheValuesChosenByThePrompt()
    {
        const string Schema = """{"type":"string","enum":["red","green","blue","cyan","magenta"]}""";

        Assert.Equal("\"cyan\"", await ContentAsync(Schema, "first prompt"));
        Assert.Equal("\"blue\"", await ContentAsync(Schema, "second prompt"));
        Assert.Equal("\"cyan\"", await ContentAsync(Schema, "first prompt"));
    }

    [Fact]
    public async Task JsonSchema_Const_AnswersTheConstant() =>
        Assert.Equal("""{"kind":"fixed","n":[1,2]}""", await ContentAsync("""{"const":{"kind":"fixed","n":[1,2]}}"""));

    [Theory]
    [InlineData("date-time", "\"2026-09-05T17:40:20Z\"")]
    [InlineData("date", "\"2026-09-05\"")]
    [InlineData("uuid", "\"b0181604-ea51-424a-80de-fb40fc9aa11b\"")]
    [InlineData("email", "\"user420@example.com\"")]
    [InlineData("uri", "\"https://example.com/sample/420\"")]
    public async Task JsonSchema_StringFormat_AnswersValueOfThatFormat(string format, string expected) =>
        Assert.Equal(expected, await ContentAsync($$"""{"type":"string","format":"{{format}}"}"""));

    [Fact]
    public async Task JsonSchema_StringLengths_PadsAndCutsTheSample()
    {
        Assert.Equal("\"samplexxxx\"", await ContentAsync("""{"type":"string","minLength":10}"""));
        Assert.Equal("\"sam\"", await ContentAsync("""{"type":"string","maxLength":3}"""));
    }

    [Fact]
    public async Task JsonSchema_IntegerRange_AnswersWithinRangeChosenByThePrompt()
    {
        Assert.Equal("19", await ContentAsync("""{"type":"integer","minimum":10,"maximum":20}"""));
        Assert.Equal("5", await ContentAsync("""{"type":"integer","minimum":5}"""));
        Assert.Equal("-3", await ContentAsync("""{"type":"integer","maximum":-3}"""));
        Assert.Equal("8", await ContentAsync("""{"type":"integer","exclusiveMinimum":7,"exclusiveMaximum":9}"""));
    }

    [Fact]
    public async Task JsonSchema_NumberRange_AnswersStrictlyInsideExclusiveBounds()
    {
        Assert.Equal("0.54", await ContentAsync("""{"type":"number","minimum":0,"maximum":1}"""));
        Assert.Equal("100", await ContentAsync("""{"type":"number","minimum":100}"""));
        Assert.Equal("0.01", await ContentAsync("""{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":0.02}"""));
    }

    [Fact]
    public async Task JsonSchema_AnyOf_AnswersFirstOptionThatIsNotNull()
    {
        Assert.Equal("1", await ContentAsync("""{"anyOf":[{"type":"integer"},{"type":"string"}]}"""));
        Assert.Equal("\"sample\"", await ContentAsync("""{"anyOf":[{"type":"null"},{"type":"string"}]}"""));
    }

    [Fact]
    public async Task JsonSchema_OneOf_AnswersFirstOption() =>
        Assert.Equal("true", await ContentAsync("""{"oneOf":[{"type":"boolean"},{"type":"integer"}]}"""));

    [Fact]
    public async Task JsonSchema_RefToDefs_FollowsTheReference() => Assert.Equal(
        """{"home":{"city":"sample"}}""",
        await ContentAsync("""{"type":"object","properties":{"home":{"$ref":"#/$defs/Address"}},"$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}}}}}"""));

    [Fact]
    public async Task JsonSchema_RefToDefinitions_FollowsTheReference() => Assert.Equal(
        """{"n":1}""",
        await ContentAsync("""{"$ref":"#/definitions/N","definitions":{"N":{"type":"object","properties":{"n":{"type":"integer"}}}}}"""));

    [Fact]
    public async Task JsonSchema_RecursiveRef_StopsGrowingAtOptionalProperties() => Assert.Equal(
        """{"name":"sample","children":[{"name":"sample","children":[{"name":"sample"},{"name":"sample"}]},{"name":"sample","children":[{"name":"sample"},{"name":"sample"}]}]}""",
        await ContentAsync("""{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}},"required":["name"]}"""));

    [Theory]
    [InlineData("""{"type":["string","null"]}""", "\"sample\"")]
    [InlineData("""{"type":["null","integer"]}""", "1")]
    [InlineData("""{"type":["string","integer"],"pattern":"^-?(?:0|[1-9]\\d*)$"}""", "1")]
    [InlineData("""{"type":["object","null"],"properties":{"a":{"type":["boolean","null"]}}}""", """{"a":true}""")]
    public async Task JsonSchema_TypeArray_AnswersFirstNonNullTypePreferringNumbersOverStrings(string schema, string expected) =>
        Assert.Equal(expected, await ContentAsync(schema));

    private Task<string> ContentAsync(string schema, string prompt = "Describe it") =>
        SchemaAnswers.ContentAsync(Client, Simulator, schema, prompt);
}
