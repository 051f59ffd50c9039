using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dataflow.Installer.Progress;

/// <summary>The amount at the end of a line ("1.2 MB / 3.4 MB", "3/5"), which the display keeps in the task's tag.</summary>
internal sealed class ProgressAmountColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Tag as string ?? "");
}
