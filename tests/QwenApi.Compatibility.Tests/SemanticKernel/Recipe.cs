namespace QwenApi.Compatibility.Tests.SemanticKernel;

/// <summary>A structured-output target for Semantic Kernel's <c>ResponseFormat = typeof(T)</c>.</summary>
public sealed record Recipe(string Name, int Servings, List<string> Ingredients);
