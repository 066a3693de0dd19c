using System.Text;
using System.Text.Json;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// A generated stream: chunks in Qwen's, OpenAI's or a random property order, with white space, escapes, surrogate pairs
/// split across deltas, interleaved tool-call fragments with <c>"id":""</c>, reasoning, usage in its own chunk or with
/// the finish, extra choices, and one-byte differences around the delta (so the frame fast path must notice them).
/// </summary>
internal sealed record DifferentialCase(int Layout, int Space, int OrderSeed, List<DifferentialStep> Steps, int Ending, int[] Splits, bool RealIndex)
{
    /// <summary>Text pieces as written inside a JSON string (escapes included).</summary>
    public static readonly string[] Pieces =
    [
        "Hello", " wörld", "é", "\\n", "\\\"q\\\"", "tab\\t", "\\u00e9t\\u00e9", "😀", "\\ud83d\\ude00", "\\\\", "\\/", "", "a b c", "日本語",
    ];

    /// <summary>1 created+1, 2 another id, 3 another model, 4 a fingerprint, 5 other white space, 6 a second choice after, 7 before,
    /// 8 a null element first, 9 "error":null, 10 an unknown choice field, 11 logprobs not null, 12 no index on the choice.</summary>
    public const int Mutations = 12;

    private static readonly string[] s_arguments = ["{\"city\": \"Paris\", \"days\": 3}", "{\"q\": \"a \\\"quoted\\\" é 😀\", \"n\": [1, 2]}", "{}"];
    private static readonly string[] s_qwenRoot = ["choices", "object", "usage", "created", "system_fingerprint", "model", "id"];
    private static readonly string[] s_openAIRoot = ["id", "object", "created", "model", "system_fingerprint", "choices", "usage"];
    private static readonly string[] s_qwenChoice = ["delta", "finish_reason", "index", "logprobs"];
    private static readonly string[] s_openAIChoice = ["index", "delta", "logprobs", "finish_reason"];
    private const string UsageJson = """{"prompt_tokens":24,"completion_tokens":7,"total_tokens":31,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":3}}""";

    /// <summary>The events' data, in order (<c>[DONE]</c> included when sent): what the reference reads.</summary>
    public List<string> Events() => new Renderer(this).Render();

    /// <summary>The SSE body the production code reads (multi-line <c>data:</c> where the JSON holds line breaks).</summary>
    public byte[] Body() =>
        Encoding.UTF8.GetBytes(string.Concat(Events().Select(e => "data: " + e.Replace("\n", "\ndata: ", StringComparison.Ordinal) + "\n\n")));

    public override string ToString() => string.Join("\n", Events()) + $"\nsplits: {string.Join(",", Splits)}";

    private sealed class Renderer(DifferentialCase c)
    {
        private readonly List<string> _events = [];
        private readonly int[] _argumentOffset = new int[3];
        private readonly bool[] _started = new bool[3];
        private readonly string[] _rootOrder = c.Layout == 0 ? s_qwenRoot : c.Layout == 1 ? s_openAIRoot : Shuffled(s_qwenRoot, c.OrderSeed);
        private readonly string[] _choiceOrder = c.Layout == 0 ? s_qwenChoice : c.Layout == 1 ? s_openAIChoice : Shuffled(s_qwenChoice, c.OrderSeed + 1);
        private bool _lowPendingText;
        private bool _lowPendingReasoning;

        public List<string> Render()
        {
            foreach (DifferentialStep step in c.Steps)
            {
                _events.Add(Chunk(Delta(step), finish: null, usage: null, step.Mutation));
            }

            bool finish = c.Ending is 0 or 1 or 2 or 6;
            if (c.Ending != 5 && c.Ending != 4)
            {
                for (int i = 0; i < 3; i++)
                {
                    if (_started[i] && _argumentOffset[i] < s_arguments[i].Length)
                    {
                        _events.Add(Chunk(Obj(("tool_calls", "[" + Fragment(i, int.MaxValue) + "]")), null, null, 0));
                    }
                }
            }

            if (c.Ending == 5)
            {
                _events.Add("""{"error":{"message":"Output data may contain inappropriate content.","type":"data_inspection_failed","code":"data_inspection_failed"}}""");
                return _events;
            }

            if (finish)
            {
                _events.Add(Chunk("{}", c.Ending == 6 ? "\"tool_calls\"" : "\"stop\"", c.Ending == 1 ? UsageJson : null, 0));
            }

            if (c.Ending is 0 or 6)
            {
                _events.Add(Root(("choices", "[]"), ("usage", UsageJson)));
            }

            if (c.Ending is not (2 or 4))
            {
                _events.Add("[DONE]");
            }

            return _events;
        }

        private string Delta(DifferentialStep step) => step.Kind switch
        {
            0 => Obj(("content", Text(step.Piece, step.SplitPair, ref _lowPendingText))),
            1 => Obj(("content", "null"), ("reasoning_content", Text(step.Piece, step.SplitPair, ref _lowPendingReasoning))),
            2 => Obj(("content", "null"), ("tool_calls", "[" + Fragment(step.ToolIndex, step.ArgumentLength) + "]")),
            3 => Obj(("role", "\"assistant\""), ("content", "\"\"")),
            4 => Obj(("reasoning_content", Text(step.Piece, false, ref _lowPendingReasoning)), ("content", Text((step.Piece + 3) % Pieces.Length, step.SplitPair, ref _lowPendingText))),
            _ => Obj(("tool_calls", "[" + Fragment(step.ToolIndex, step.ArgumentLength) + "," + Fragment((step.ToolIndex + 1) % 3, step.ArgumentLength) + "]")),
        };

        private static string Text(int piece, bool split, ref bool lowPending)
        {
            string text = (lowPending ? "\\ude00" : string.Empty) + Pieces[piece] + (split ? "\\ud83d" : string.Empty);
            lowPending = split;
            return "\"" + text + "\"";
        }

        private string Fragment(int index, int length)
        {
            string all = s_arguments[index];
            int start = Math.Min(_argumentOffset[index], all.Length);
            int take = Math.Min(length, all.Length - start);
            if (take > 0 && char.IsHighSurrogate(all[start + take - 1]))
            {
                take++; // Never cut inside the emoji: arguments are JSON text, not split by UTF-16 unit here.
            }

            _argumentOffset[index] = start + take;
            string arguments = JsonSerializer.Serialize(all.Substring(start, take));
            string indexText = c.RealIndex ? index + ".0" : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_started[index])
            {
                return Obj(("index", indexText), ("id", "\"\""), ("type", "\"function\""), ("function", Obj(("arguments", arguments))));
            }

            _started[index] = true;
            return Obj(("index", indexText), ("id", $"\"call_{index}\""), ("type", "\"function\""), ("function", Obj(("name", $"\"tool{index}\""), ("arguments", arguments))));
        }

        private string Chunk(string delta, string? finish, string? usage, int mutation)
        {
            var choice = new List<(string, string)>
            {
                ("delta", delta),
                ("finish_reason", finish ?? "null"),
                ("index", c.RealIndex ? "0.0" : "0"),
                ("logprobs", mutation == 11 ? """{"content":null}""" : "null"),
            };
            if (mutation == 12)
            {
                choice.RemoveAll(p => p.Item1 == "index");
            }

            if (mutation == 10)
            {
                choice.Add(("x_extra", """{"a":[1,"}"]}"""));
            }

            string first = Obj(Ordered(choice, _choiceOrder), mutation == 5);
            string other = Obj(("delta", Obj(("content", "\"other\""))), ("index", "1"));
            string choices = mutation switch
            {
                6 => "[" + first + "," + other + "]",
                7 => "[" + other + "," + first + "]",
                8 => "[null," + first + "]",
                _ => "[" + first + "]",
            };
            var root = new List<(string, string)> { ("choices", choices), ("usage", usage ?? "null") };
            string json = Root(root, mutation);
            return json;
        }

        private string Root(params (string Key, string Value)[] properties) => Root([.. properties], 0);

        private string Root(List<(string Key, string Value)> properties, int mutation)
        {
            properties.Add(("object", "\"chat.completion.chunk\""));
            properties.Add(("created", mutation == 1 ? "1770764907" : "1770764906"));
            properties.Add(("system_fingerprint", mutation == 4 ? "\"fp_1\"" : "null"));
            properties.Add(("model", mutation == 3 ? "\"qwen3-maX\"" : "\"qwen3-max\""));
            properties.Add(("id", mutation == 2 ? "\"chatcmpl-2\"" : "\"chatcmpl-1\""));
            if (mutation == 9)
            {
                properties.Add(("error", "null"));
            }

            return Obj(Ordered(properties, _rootOrder), mutation == 5);
        }

        private static List<(string Key, string Value)> Ordered(List<(string Key, string Value)> properties, string[] order) =>
            [.. properties.OrderBy(p => Array.IndexOf(order, p.Key) is var i && i < 0 ? int.MaxValue : i)];

        private string Obj(params (string Key, string Value)[] properties) => Obj([.. properties], false);

        private string Obj(List<(string Key, string Value)> properties, bool otherSpace)
        {
            int space = otherSpace ? (c.Space + 1) % 3 : c.Space;
            string ws = space switch { 1 => " ", 2 => "\n", _ => string.Empty };
            return "{" + string.Join("," + ws, properties.Select(p => "\"" + p.Key + "\":" + ws + p.Value)) + "}";
        }

        private static string[] Shuffled(string[] names, int seed)
        {
            string[] copy = [.. names];
            new Random(seed).Shuffle(copy);
            return copy;
        }
    }
}
