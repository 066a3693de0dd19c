using System.ComponentModel;

namespace QwenApi.SemanticKernel.Tests.TestUtilities;

/// <summary>A structured-output target, as SK samples use with <c>ResponseFormat = typeof(T)</c>.</summary>
[Description("A recipe.")]
public sealed record Recipe(string Name, int Minutes, IReadOnlyList<string> Steps);
