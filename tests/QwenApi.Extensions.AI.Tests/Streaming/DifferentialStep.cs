namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>
/// One generated chunk of a <see cref="DifferentialCase"/>, as small numbers so CsCheck can shrink them.
/// </summary>
/// <param name="Kind">0 text, 1 reasoning, 2 tool-call fragment, 3 role only, 4 reasoning and text, 5 two fragments.</param>
/// <param name="Piece">Which text piece (<see cref="DifferentialCase.Pieces"/>).</param>
/// <param name="SplitPair">Whether the text ends with the high half of a surrogate pair whose low half starts the next piece of the same kind.</param>
/// <param name="ToolIndex">The fragment's call index (0–2), so indexes can interleave.</param>
/// <param name="ArgumentLength">How many characters of the call's arguments this fragment carries.</param>
/// <param name="Mutation">What differs in this chunk around the delta (<see cref="DifferentialCase"/> lists them); most chunks have none.</param>
internal sealed record DifferentialStep(int Kind, int Piece, bool SplitPair, int ToolIndex, int ArgumentLength, int Mutation);
