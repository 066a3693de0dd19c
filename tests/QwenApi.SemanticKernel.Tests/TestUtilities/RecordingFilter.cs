namespace QwenApi.SemanticKernel.Tests.TestUtilities;

/// <summary>Records every automatic and every plain function invocation it sees, then lets it run.</summary>
internal sealed class RecordingFilter : IAutoFunctionInvocationFilter, IFunctionInvocationFilter
{
    public List<string> Auto { get; } = [];

    public List<string> Invocations { get; } = [];

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        Auto.Add($"{context.Function.PluginName}.{context.Function.Name}");
        await next(context);
    }

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        await next(context);
        if (context.Function.PluginName is not null)
        {
            Invocations.Add($"{context.Function.PluginName}.{context.Function.Name}={context.Result.GetValue<string>()}");
        }
    }
}
