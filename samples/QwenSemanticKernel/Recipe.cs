using System.ComponentModel;

namespace QwenSemanticKernel;

/// <summary>The shape the model is asked to answer in.</summary>
/// <param name="Name">The dish.</param>
/// <param name="Minutes">How long it takes.</param>
/// <param name="Steps">What to do.</param>
[Description("A short recipe.")]
public sealed record Recipe(string Name, int Minutes, IReadOnlyList<string> Steps);
