using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Walks an error document with a <see cref="Utf8JsonReader"/> that may run out of data (a body cut at the size limit or
/// by a connection failure): every member read before the end is kept, and a string value cut in the middle is noted
/// so <see cref="ErrorBodyParser"/> can decode what arrived of it. Never skips with <see cref="Utf8JsonReader.Skip"/>,
/// which throws on partial data. Invalid JSON still throws <see cref="JsonException"/>; what was read before is kept.
/// </summary>
internal sealed class ErrorDocumentReader
{
    private const int MaxListItems = 10;

    private enum Member
    {
        Other,
        Error,
        Message,
        Type,
        Code,
        Param,
        RequestId,
        Detail,
        Errors,
        Msg,
        ErrorMsg,
        ErrorMessage,
        ErrorDescription,
        Location,
    }

    /// <summary>Gets the fields of the top-level object (or of the first error object of a top-level array).</summary>
    public ErrorFields Top { get; } = new();

    /// <summary>Gets a value indicating whether the data ended before the document did.</summary>
    public bool Cut { get; private set; }

    /// <summary>Gets where the string value cut by the end of the data starts (just after its member name), or -1.</summary>
    public long CutValueOffset { get; private set; } = -1;

    /// <summary>Gets the object and member whose string value was cut, when it is one that carries a message.</summary>
    public (ErrorFields Target, int Slot)? CutValue { get; private set; }

    public void ReadDocument(ref Utf8JsonReader reader)
    {
        if (!Next(ref reader))
        {
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ReadObject(ref reader, Top, level: 0);
                break;
            case JsonTokenType.StartArray:
                // A list of error documents: the first one that says anything wins.
                while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadObject(ref reader, Top, level: 0);
                        if (Top.HasMessage || Top.Error is not null || Top.Code is not null)
                        {
                            return;
                        }
                    }
                    else if (!TrySkip(ref reader))
                    {
                        return;
                    }
                }

                break;
            case JsonTokenType.String:
                Top.Message = Text(ref reader);
                break;
        }
    }

    /// <summary>Stores a salvaged cut string into the member it belongs to.</summary>
    public static void Store(ErrorFields target, int slot, string value)
    {
        switch ((Member)slot)
        {
            case Member.Error:
                target.ErrorText ??= value;
                break;
            case Member.Message:
                target.Message ??= value;
                break;
            default:
                target.SetOther(OtherRank((Member)slot), value);
                break;
        }
    }

    private void ReadObject(ref Utf8JsonReader reader, ErrorFields target, int level)
    {
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            Member member = Classify(ref reader);
            long afterName = reader.BytesConsumed;
            if (!Next(ref reader))
            {
                if (member is Member.Error or Member.Message || OtherRank(member) >= 0)
                {
                    CutValueOffset = afterName;
                    CutValue = (target, (int)member);
                }

                return;
            }

            switch (member)
            {
                case Member.Error when reader.TokenType == JsonTokenType.StartObject:
                    if (level >= 2)
                    {
                        goto default; // {"error":{"error":{…}}} is read; deeper nesting is not an error envelope.
                    }

                    target.Error ??= new ErrorFields();
                    ReadObject(ref reader, target.Error, level + 1);
                    break;
                case Member.Error:
                    target.ErrorText ??= Text(ref reader);
                    break;
                case Member.Message:
                    target.Message ??= Text(ref reader);
                    break;
                case Member.Type:
                    target.Type ??= Scalar(ref reader);
                    break;
                case Member.Code:
                    target.Code ??= Scalar(ref reader);
                    break;
                case Member.Param:
                    target.Param ??= Scalar(ref reader);
                    break;
                case Member.RequestId:
                    target.RequestId ??= Scalar(ref reader);
                    break;
                case Member.Other or Member.Location:
                default:
                    if (OtherRank(member) >= 0)
                    {
                        target.SetOther(OtherRank(member), Text(ref reader));
                    }
                    else
                    {
                        TrySkip(ref reader);
                    }

                    break;
            }
        }
    }

    /// <summary>The text of any value: a string, a scalar, a list of texts joined by "; ", or an object's message (with a FastAPI <c>loc</c> path).</summary>
    private string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return StringValue(ref reader);
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return Scalar(ref reader);
            case JsonTokenType.StartArray:
                return ListText(ref reader);
            case JsonTokenType.StartObject:
                return ObjectText(ref reader);
            default:
                return null;
        }
    }

    private string? ListText(ref Utf8JsonReader reader)
    {
        var joined = new StringBuilder();
        int items = 0;
        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (items >= MaxListItems)
            {
                if (!TrySkip(ref reader))
                {
                    break;
                }

                if (items++ == MaxListItems)
                {
                    joined.Append("; …");
                }

                continue;
            }

            if (Text(ref reader) is { Length: > 0 } item)
            {
                joined.Append(joined.Length > 0 ? "; " : string.Empty).Append(item);
                items++;
            }
        }

        return joined.Length > 0 ? joined.ToString() : null;
    }

    private string? ObjectText(ref Utf8JsonReader reader)
    {
        var fields = new ErrorFields();
        string? location = null;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            Member member = Classify(ref reader);
            if (!Next(ref reader))
            {
                break;
            }

            switch (member)
            {
                case Member.Message:
                    fields.Message ??= Text(ref reader);
                    break;
                case Member.Error:
                    fields.ErrorText ??= Text(ref reader);
                    break;
                case Member.Location:
                    location ??= reader.TokenType == JsonTokenType.StartArray ? PathText(ref reader) : Text(ref reader);
                    break;
                default:
                    if (OtherRank(member) >= 0)
                    {
                        fields.SetOther(OtherRank(member), Text(ref reader));
                    }
                    else
                    {
                        TrySkip(ref reader);
                    }

                    break;
            }
        }

        string? message = fields.Message ?? fields.OtherMessage ?? fields.ErrorText;
        return message is null ? null : location is null ? message : $"{location}: {message}";
    }

    /// <summary>FastAPI's <c>loc</c>, <c>["body","messages",0,"content"]</c>, as <c>body.messages.0.content</c>.</summary>
    private string? PathText(ref Utf8JsonReader reader)
    {
        var path = new StringBuilder();
        while (Next(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            string? part = reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Scalar(ref reader) : null;
            if (part is null && !TrySkip(ref reader))
            {
                break;
            }

            path.Append(path.Length > 0 ? "." : string.Empty).Append(part);
        }

        return path.Length > 0 ? path.ToString() : null;
    }

    private string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => StringValue(ref reader),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => SkipAndNull(ref reader),
    };

    private string? SkipAndNull(ref Utf8JsonReader reader)
    {
        TrySkip(ref reader);
        return null;
    }

    private static string StringValue(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape or invalid UTF-8 inside the string: decode it leniently instead.
            return LenientJsonString.Decode(reader.ValueSpan, out _);
        }
    }

    private bool Next(ref Utf8JsonReader reader)
    {
        if (Cut || !reader.Read())
        {
            Cut = true;
            return false;
        }

        return true;
    }

    private bool TrySkip(ref Utf8JsonReader reader)
    {
        if (Cut || !reader.TrySkip())
        {
            Cut = true; // The data ended inside the value: nothing after it can be read.
            return false;
        }

        return true;
    }

    private static Member Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("error"u8) ? Member.Error
        : reader.ValueTextEquals("message"u8) ? Member.Message
        : reader.ValueTextEquals("type"u8) ? Member.Type
        : reader.ValueTextEquals("code"u8) || reader.ValueTextEquals("error_code"u8) || reader.ValueTextEquals("errorCode"u8) ? Member.Code
        : reader.ValueTextEquals("param"u8) ? Member.Param
        : reader.ValueTextEquals("request_id"u8) || reader.ValueTextEquals("requestId"u8) ? Member.RequestId
        : reader.ValueTextEquals("detail"u8) ? Member.Detail
        : reader.ValueTextEquals("errors"u8) ? Member.Errors
        : reader.ValueTextEquals("msg"u8) ? Member.Msg
        : reader.ValueTextEquals("error_msg"u8) ? Member.ErrorMsg
        : reader.ValueTextEquals("error_message"u8) || reader.ValueTextEquals("errorMessage"u8) ? Member.ErrorMessage
        : reader.ValueTextEquals("error_description"u8) ? Member.ErrorDescription
        : reader.ValueTextEquals("loc"u8) ? Member.Location
        : Member.Other;

    private static int OtherRank(Member member) => member switch
    {
        Member.Detail => 0,
        Member.Errors => 1,
        Member.Msg => 2,
        Member.ErrorMsg => 3,
        Member.ErrorMessage => 4,
        Member.ErrorDescription => 5,
        _ => -1,
    };
}
