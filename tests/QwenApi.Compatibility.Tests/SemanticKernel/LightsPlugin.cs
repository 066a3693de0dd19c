using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace QwenApi.Compatibility.Tests.SemanticKernel;

/// <summary>The lights plugin of Semantic Kernel's getting-started guide.</summary>
public sealed class LightsPlugin
{
    private readonly Dictionary<int, bool> _lights = new() { [1] = false, [2] = true };

    /// <summary>Gets the ids of the lights switched, in order.</summary>
    public List<int> Switched { get; } = [];

    /// <summary>Lists the lights and their state.</summary>
    /// <returns>One line per light.</returns>
    [KernelFunction("get_lights")]
    [Description("Gets a list of lights and their current state")]
    public string GetLights() => string.Join("; ", _lights.Select(l => $"light {l.Key}: {(l.Value ? "on" : "off")}"));

    /// <summary>Switches a light.</summary>
    /// <param name="id">The light.</param>
    /// <param name="isOn">The new state.</param>
    /// <returns>The new state.</returns>
    [KernelFunction("change_state")]
    [Description("Changes the state of the light")]
    public string ChangeState(int id, bool isOn)
    {
        Switched.Add(id);
        _lights[id] = isOn;
        return $"light {id} is now {(isOn ? "on" : "off")}";
    }
}
