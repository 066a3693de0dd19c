using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Maps between the tool names the model sees (a kernel function is offered as <c>Plugin_Function</c>) and Semantic
/// Kernel's plugin and function names, so that a returned <see cref="Microsoft.SemanticKernel.FunctionCallContent"/> can be
/// invoked with <c>InvokeAsync(kernel)</c> and a streamed call is understood by <see cref="FunctionCallContentBuilder"/>.
/// </summary>
internal sealed class FunctionNames
{
    private readonly Dictionary<string, (string? Plugin, string Function)>? _byToolName;

    public FunctionNames(IList<AITool>? tools)
    {
        foreach (AITool tool in tools ?? [])
        {
            if (tool is KernelFunction function)
            {
                // AITool.Name is the qualified wire name; KernelFunction.Name hides it with the short name.
                (_byToolName ??= new(StringComparer.Ordinal))[tool.Name] = (function.PluginName, function.Name);
            }
        }
    }

    /// <summary>Gets the wire name of a kernel function: <c>Plugin_Function</c>, or the function name without a plugin.</summary>
    public static string ToToolName(string? pluginName, string functionName) =>
        string.IsNullOrEmpty(pluginName) ? functionName : pluginName + "_" + functionName;

    public (string? Plugin, string Function) Resolve(string toolName) =>
        _byToolName is not null && _byToolName.TryGetValue(toolName, out var names) ? names : (null, toolName);

    /// <summary>Gets the name in the form <see cref="FunctionName.Parse"/> reads: <c>Plugin-Function</c>.</summary>
    public string ToStreamingName(string toolName)
    {
        (string? plugin, string function) = Resolve(toolName);
        return plugin is null ? function : plugin + "-" + function;
    }
}
