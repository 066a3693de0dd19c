using System.Reflection;
using Microsoft.Extensions.AI;

namespace QwenApi.Extensions.AI.Tests.Options;

/// <summary>The options copies (the Semantic Kernel adapter relies on them) must copy every public settable property, including ones added later.</summary>
public sealed class OptionsCloneTests
{
    [Fact]
    public void Clone_QwenClientOptions_CopiesEveryProperty()
    {
        QwenClientOptions source = Filled(new QwenClientOptions());

        AssertAllEqual(source, source.Clone());
    }

    [Fact]
    public void Clone_SearchAndTranslationOptions_CopiesEveryProperty()
    {
        QwenSearchOptions search = Filled(new QwenSearchOptions());
        QwenTranslationOptions translation = Filled(new QwenTranslationOptions());

        AssertAllEqual(search, search.Clone(), compareCollections: true);
        AssertAllEqual(translation, translation.Clone(), compareCollections: true);
    }

    [Fact]
    public void Constructor_FromChatOptions_CopiesEveryBaseProperty()
    {
        ChatOptions source = Filled(new ChatOptions());

        var target = new QwenChatOptions(source);

        AssertAllEqual(source, target, compareCollections: true, declaringType: typeof(ChatOptions));
    }

    private static IEnumerable<PropertyInfo> Settable(Type type, Type? declaringType = null) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && (declaringType is null || p.DeclaringType == declaringType));

    private static T Filled<T>(T target)
        where T : class
    {
        foreach (PropertyInfo property in Settable(typeof(T)))
        {
            property.SetValue(target, Sample(property.PropertyType));
        }

        return target;
    }

    private static object? Sample(Type type) => SampleValue(Nullable.GetUnderlyingType(type) ?? type);

    private static object? SampleValue(Type type) => type switch
    {
        _ when type == typeof(string) => "value",
        _ when type == typeof(Uri) => new Uri("https://example.test/v1"),
        _ when type == typeof(bool) => true,
        _ when type == typeof(int) => 7,
        _ when type == typeof(long) => 7L,
        _ when type == typeof(float) => 0.7f,
        _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(7),
        _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1), // the last: never the default
        _ when type == typeof(TimeProvider) => new Microsoft.Extensions.Time.Testing.FakeTimeProvider(),
        _ when type == typeof(QwenRateLimitCoordinator) => new QwenRateLimitCoordinator(),
        _ when type == typeof(System.Threading.RateLimiting.RateLimiter) => new System.Threading.RateLimiting.ConcurrencyLimiter(new System.Threading.RateLimiting.ConcurrencyLimiterOptions { PermitLimit = 1 }),
        _ when type == typeof(Microsoft.Extensions.Logging.ILoggerFactory) => new Microsoft.Extensions.Logging.LoggerFactory(),
        _ when type == typeof(Action<Polly.ResiliencePipelineBuilder>) => new Action<Polly.ResiliencePipelineBuilder>(_ => { }),
        _ when type == typeof(IDictionary<string, object?>) => new Dictionary<string, object?> { ["k"] = "v" },
        _ when type == typeof(AdditionalPropertiesDictionary) => new AdditionalPropertiesDictionary { ["k"] = "v" },
        _ when type == typeof(IList<string>) => new List<string> { "s" },
        _ when type == typeof(IList<AITool>) => new List<AITool> { AIFunctionFactory.Create(() => 1, "f") },
        _ when type == typeof(ReasoningOptions) => new ReasoningOptions { Effort = ReasoningEffort.High },
        _ when type == typeof(ChatResponseFormat) => ChatResponseFormat.Json,
        _ when type == typeof(ChatToolMode) => ChatToolMode.RequireAny,
        _ when type == typeof(Func<IChatClient, object?>) => new Func<IChatClient, object?>(_ => null),
        _ when type == typeof(ResponseContinuationToken) => ResponseContinuationToken.FromBytes(new byte[] { 1 }),
        _ => throw new InvalidOperationException($"No sample value for {type}: add one, and copy the new property in the Clone under test."),
    };

    private static void AssertAllEqual<T>(T expected, T actual, bool compareCollections = false, Type? declaringType = null)
        where T : class
    {
        foreach (PropertyInfo property in Settable(typeof(T), declaringType))
        {
            object? e = property.GetValue(expected);
            object? a = property.GetValue(actual);
            Assert.NotNull(a);
            if (compareCollections && e is System.Collections.IEnumerable ee && e is not string)
            {
                Assert.Equal(ee.Cast<object?>(), ((System.Collections.IEnumerable)a!).Cast<object?>());
            }
            else if (e is ReasoningOptions)
            {
                Assert.Equivalent(e, a, strict: true); // ChatOptions' own copy constructor copies it rather than sharing it.
            }
            else
            {
                Assert.Equal(e, a);
            }
        }
    }
}
