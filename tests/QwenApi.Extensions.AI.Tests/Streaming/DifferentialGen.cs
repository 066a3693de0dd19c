using CsCheck;

namespace QwenApi.Extensions.AI.Tests.Streaming;

/// <summary>CsCheck generators for <see cref="DifferentialCase"/>.</summary>
internal static class DifferentialGen
{
    public static readonly Gen<DifferentialStep> Step =
        Gen.Select(
            Gen.Frequency((6, Gen.Const(0)), (3, Gen.Const(1)), (3, Gen.Const(2)), (1, Gen.Const(3)), (1, Gen.Const(4)), (1, Gen.Const(5))),
            Gen.Int[0, DifferentialCase.Pieces.Length - 1],
            Gen.Int[0, 9].Select(i => i == 0),
            Gen.Int[0, 2],
            Gen.Int[1, 12],
            Gen.Frequency((30, Gen.Const(0)), (10, Gen.Int[1, DifferentialCase.Mutations])),
            (kind, piece, split, tool, length, mutation) => new DifferentialStep(kind, piece, split, tool, length, mutation));

    public static readonly Gen<DifferentialCase> Case =
        Gen.Select(
            Gen.Int[0, 2], // layout: Qwen, OpenAI, a random order fixed for the stream
            Gen.Int[0, 2], // white space: none, spaces, line breaks (multi-line data)
            Gen.Int[0, 1000], // the random order's seed
            Step.List[0, 40],
            Gen.Int[0, 6], // ending
            Gen.Int[1, 300].Array[1, 4], // read sizes
            Gen.Bool, // index written as 0.0
            (layout, space, order, steps, ending, splits, realIndex) => new DifferentialCase(layout, space, order, steps, ending, splits, realIndex));
}
