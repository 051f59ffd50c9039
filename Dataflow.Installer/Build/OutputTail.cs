namespace Dataflow.Installer.Build;

/// <summary>The last lines a child process wrote to stdout and stderr, interleaved as they arrived; thread-safe.</summary>
/// <param name="capacity">How many lines to keep; <see cref="int.MaxValue"/> keeps them all.</param>
internal sealed class OutputTail(int capacity)
{
    // Not pre-sized: the capacity may be "everything".
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();
    private int dropped;

    /// <summary>Reads <paramref name="reader"/> to its end, keeping its lines; draining both pipes keeps the child from blocking on a full one.</summary>
    public async Task CollectAsync(TextReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Add(line);
        }
    }

    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
                dropped++;
            }
            lines.Enqueue(line);
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var text = string.Join('\n', lines).TrimEnd();
            return dropped > 0 ? $"(... {dropped} earlier lines)\n{text}" : text;
        }
    }
}
