namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Tests that read process-wide counters (buffers rented, bytes allocated, heap size) run in this collection, alone:
/// xunit runs a collection that disables parallelization after the parallel ones, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SequentialCollection
{
    public const string Name = "Sequential (process-wide counters)";
}
