using System.Buffers;
using System.Text;
using System.Text.Json;

namespace QwenApi.Testing;

/// <summary>Builds the sample arguments of a default tool call from the tool's parameter schema.</summary>
internal static class ToolArgumentsWriter
{
    /// <summary>
    /// Gets a JSON object with one entry per property in declaration order: string "sample", integer 1,
    /// number 1.5, boolean true, anything else null.
    /// </summary>
    public static string Write(ToolDefinition? tool)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, type) in tool?.Properties ?? [])
            {
                switch (type)
                {
                    case "string": writer.WriteString(name, "sample"); break;
                    case "integer": writer.WriteNumber(name, 1); break;
                    case "number": writer.WriteNumber(name, 1.5); break;
                    case "boolean": writer.WriteBoolean(name, true); break;
                    default: writer.WriteNull(name); break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
