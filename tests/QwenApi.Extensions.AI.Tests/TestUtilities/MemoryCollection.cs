namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Tests that measure process-wide allocations (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) or the heap
/// (<see cref="GC.GetTotalMemory(bool)"/>): they run alone, after the parallel collections, so no other test's bytes count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}
