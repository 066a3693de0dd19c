using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace QwenApi.SemanticKernel;

/// <summary>
/// Reads another connector's settings type (Semantic Kernel's <c>OpenAIPromptExecutionSettings</c>, for example) without
/// depending on it: a JSON snapshot through the type's own contract, which is how Semantic Kernel itself reads derived
/// settings in <c>ToChatOptions</c>. Its typed properties then look like <see cref="PromptExecutionSettings.ExtensionData"/>
/// of plain settings, under their snake_case JSON names, and go through the same reading as settings from a prompt template.
/// </summary>
internal static class ForeignSettings
{
    // OpenAIPromptExecutionSettings' JSON names with no meaning for Qwen: sending them would at best be ignored.
    private static readonly HashSet<string> s_openAIOnly = new(StringComparer.Ordinal)
    {
        "ToolCallBehavior", "token_selection_biases", "store", "metadata", "modalities", "audio", "web_search_options",
    };

    // The base type's own properties: taken from the instance, not from the snapshot.
    private static readonly HashSet<string> s_baseProperties = new(StringComparer.Ordinal)
    {
        "service_id", "model_id", "function_choice_behavior",
    };

    private static JsonSerializerOptions? s_options;

    /// <summary>Gets plain settings holding the same values: base properties copied, every other value in <see cref="PromptExecutionSettings.ExtensionData"/>.</summary>
    /// <exception cref="ArgumentException">The settings could not be written as JSON; the message names their type.</exception>
    public static PromptExecutionSettings ToPlain(PromptExecutionSettings settings)
    {
        var plain = new PromptExecutionSettings
        {
            ModelId = settings.ModelId,
            ServiceId = settings.ServiceId,
            FunctionChoiceBehavior = settings.FunctionChoiceBehavior,
        };

        if (!JsonSerializer.IsReflectionEnabledByDefault)
        {
            plain.ExtensionData = settings.ExtensionData is null ? null : new Dictionary<string, object>(settings.ExtensionData);
            return plain;
        }

        JsonObject? snapshot;
        try
        {
            snapshot = Snapshot(settings);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException(
                $"Execution settings of type {settings.GetType().FullName} could not be read through their JSON contract: {e.Message}", "executionSettings", e);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonNode?> field in snapshot ?? [])
        {
            if (field.Value is not null && !s_baseProperties.Contains(field.Key) && !s_openAIOnly.Contains(field.Key))
            {
                data[field.Key] = JsonSerializer.SerializeToElement(field.Value, QwenSettingsJsonContext.Default.JsonNode);
            }
        }

        plain.ExtensionData = data.Count == 0 ? null : data;
        return plain;
    }

    // Guarded by IsReflectionEnabledByDefault above: this runs only where reflection-based JSON is available, and then
    // reads the type the same way Semantic Kernel's ToChatOptions does. A property the trimmer removed was never set.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Runs only when reflection-based serialization is enabled; mirrors Semantic Kernel's own reading of derived settings.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Runs only when reflection-based serialization is enabled; mirrors Semantic Kernel's own reading of derived settings.")]
    private static JsonObject? Snapshot(PromptExecutionSettings settings)
    {
        s_options ??= new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new ResponseFormatValueJsonConverter<Type>(), new ResponseFormatValueJsonConverter<ChatResponseFormat>() },
        };

        return JsonSerializer.SerializeToNode(settings, settings.GetType(), s_options) as JsonObject;
    }
}
