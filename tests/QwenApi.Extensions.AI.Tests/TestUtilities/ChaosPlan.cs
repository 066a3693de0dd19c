namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// A scripted sequence of faults for one streamed call and the outcome it must produce with <c>MaxRetries = 3</c>:
/// faults before the first token are retried, a fault after it ends the call, and a fourth fault before output is final.
/// </summary>
internal sealed record ChaosPlan(string Marker, IReadOnlyList<ChaosFault> Faults)
{
    public const int Attempts = 4;

    /// <summary>The tokens of the simulator's answer to <see cref="Prompt"/>: role chunk first, then one chunk each.</summary>
    public static readonly string[] AnswerTokens = ["Simulated ", "answer ", "to: ", "[m] ", "a ", "b ", "c"];

    public string Prompt => $"{Marker} a b c";

    /// <summary>Gets the expected end: the exception type (null for success), tokens delivered and attempts made.</summary>
    public (Type? Error, int Tokens, int Attempts) Expected()
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (attempt >= Faults.Count)
            {
                return (null, AnswerTokens.Length, attempt + 1);
            }

            ChaosFault fault = Faults[attempt];
            if (fault.TokensBefore > 0)
            {
                return (typeof(QwenStreamInterruptedException), fault.TokensBefore, attempt + 1);
            }

            if (attempt == Attempts - 1)
            {
                return (fault.FinalType, 0, Attempts);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    public static ChaosPlan Random(int index, Random random)
    {
        int count = random.Next(100) switch { < 40 => 0, < 70 => 1, < 85 => 2, < 95 => 3, _ => 4 };
        var faults = new List<ChaosFault>();
        for (int i = 0; i < count; i++)
        {
            faults.Add(ChaosFault.Random(random));
        }

        return new ChaosPlan($"[m{index:D4}]", faults);
    }
}
