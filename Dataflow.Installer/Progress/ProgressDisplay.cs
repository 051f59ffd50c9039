using Spectre.Console;

namespace Dataflow.Installer.Progress;

/// <summary>
/// The live display on stderr (Spectre.Console): one line per stage, redrawn from <see cref="RunProgress"/> a few
/// times a second until disposed, then cleared, so that the results printed on stdout afterwards stand alone.
/// </summary>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    private readonly RunProgress _progress;
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _stderr;
    private readonly Task _drawing;
    private readonly Dictionary<ProgressLineKind, ProgressTask> _tasks = [];

    private ProgressDisplay(IAnsiConsole console, RunProgress progress, TextWriter stderr)
    {
        _progress = progress;
        _stderr = stderr;
        _drawing = console.Progress()
            .AutoClear(true)
            .AutoRefresh(true)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ProgressAmountColumn())
            .StartAsync(DrawAsync);
    }

    /// <summary>Starts drawing on this process's stderr; log lines written to stderr meanwhile appear above the display.</summary>
    public static ProgressDisplay Start(RunProgress progress, bool colour)
    {
        var stderr = Console.Error;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(stderr),
        });
        Console.SetError(TextWriter.Synchronized(new ConsoleLineWriter(console)));
        return new ProgressDisplay(console, progress, stderr);
    }

    private async Task DrawAsync(ProgressContext context)
    {
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            do
            {
                Draw(context);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed: the display is cleared by AutoClear as this returns.
        }
    }

    private void Draw(ProgressContext context)
    {
        var lines = ProgressLines.From(_progress.Snapshot());
        foreach (var gone in _tasks.Keys.Where(kind => lines.All(line => line.Kind != kind)).ToList())
        {
            // Every file of the stage was found in the cache after all.
            context.RemoveTask(_tasks[gone]);
            _tasks.Remove(gone);
        }
        foreach (var line in lines)
        {
            if (!_tasks.TryGetValue(line.Kind, out var task))
            {
                // A line appears when its stage gets work, inserted at its place so that the order stays fixed.
                var index = _tasks.Keys.Count(kind => kind < line.Kind);
                task = _tasks[line.Kind] = context.AddTaskAt(Markup.Escape(line.Description), index, autoStart: true, maxValue: Math.Max(1, line.Total));
            }
            task.Description = Markup.Escape(line.Description);
            task.MaxValue = Math.Max(1, line.Total);
            task.Value = Math.Min(line.Value, task.MaxValue);
            task.Tag = line.Amount;
            task.IsIndeterminate = line.Total <= 0;
        }
        context.Refresh();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _drawing.ConfigureAwait(false);
        }
        finally
        {
            await Console.Error.FlushAsync().ConfigureAwait(false);
            Console.SetError(_stderr);
            _stop.Dispose();
        }
    }
}
