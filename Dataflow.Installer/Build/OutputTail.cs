namespace Dataflow.Installer.Build;

/// <summary>The last lines a child process wrote to stdout and stderr, interleaved as they arrived; thread-safe.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Queue<string> lines = new(capacity);
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
