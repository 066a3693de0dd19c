namespace QwenApi.Extensions.AI.Tests.TestUtilities;

/// <summary>
/// Consumes a stream in the background, recording each update's text, and signals when a given number of text updates
/// arrived, so a test can act (cancel, move the clock) at an exact point of the stream.
/// </summary>
internal sealed class StreamConsumer
{
    private readonly List<string> _texts = [];
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    private StreamConsumer(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        Completion = ConsumeAsync(stream);
    }

    /// <summary>Gets the texts received so far.</summary>
    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_lock)
            {
                return [.. _texts];
            }
        }
    }

    /// <summary>Gets a task that ends when the stream ends; it faults with the stream's exception.</summary>
    public Task Completion { get; }

    public static StreamConsumer Start(IChatClient client, string prompt, CancellationToken cancellationToken = default) =>
        new(client.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken));

    /// <summary>Completes when <paramref name="count"/> text updates arrived (or the stream ended).</summary>
    public Task WhenReceived(int count)
    {
        lock (_lock)
        {
            if (_texts.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return Task.WhenAny(signal.Task, Completion);
        }
    }

    private async Task ConsumeAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        await Task.Yield();
        await foreach (ChatResponseUpdate update in stream)
        {
            if (update.Text.Length == 0)
            {
                continue;
            }

            List<TaskCompletionSource> ready = [];
            lock (_lock)
            {
                _texts.Add(update.Text);
                _waiters.RemoveAll(w =>
                {
                    bool done = _texts.Count >= w.Count;
                    if (done)
                    {
                        ready.Add(w.Signal);
                    }

                    return done;
                });
            }

            ready.ForEach(s => s.TrySetResult());
        }
    }
}
