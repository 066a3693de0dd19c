namespace QwenApi.LiveTests;

/// <summary>A fact that runs only against the real service: skipped unless <c>QWEN_API_KEY</c> is set.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("QWEN_API_KEY")))
        {
            Skip = "QWEN_API_KEY is not set: live tests against the real Qwen proxy are skipped.";
        }
    }
}
