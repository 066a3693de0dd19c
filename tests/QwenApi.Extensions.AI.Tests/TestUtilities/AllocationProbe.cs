using System.Diagnostics;

namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Measures one run of an operation process-wide: bytes allocated on every thread (async code hops threads, so the
/// per-thread counter would miss most of them), how much the heap grew once both sides were fully collected (pools such
/// as ArrayPool may keep what they rented, hence generous bounds), and the wall time. Use it only from tests in the
/// <see cref="MemoryCollection"/>, which runs alone.
/// </summary>
internal static class AllocationProbe
{
    public static async Task<(T Result, long Allocated, long HeapGrowth, TimeSpan Elapsed)> MeasureAsync<T>(Func<Task<T>> operation)
    {
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        T result = await ClockDriver.Guard(operation());
        stopwatch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        return (result, allocated, heapGrowth, stopwatch.Elapsed);
    }
}
