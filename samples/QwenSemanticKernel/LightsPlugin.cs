using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace QwenSemanticKernel;

/// <summary>A kernel plugin the model can call.</summary>
public sealed class LightsPlugin
{
    /// <summary>Turns on the lights of a room.</summary>
    /// <param name="room">The room.</param>
    /// <returns>What happened.</returns>
    [KernelFunction("TurnOn")]
    [Description("Turns on the lights in a room.")]
    public static string TurnOn([Description("The room, for example kitchen.")] string room) => $"The {room} lights are on.";
}
