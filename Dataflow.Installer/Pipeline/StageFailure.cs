namespace Dataflow.Installer.Pipeline;

/// <summary>One distribution's failure at one stage, reported with the others at the end of the run.</summary>
public sealed record StageFailure(string Distribution, PipelineStage Stage, string Message, Exception? Exception = null)
{
    /// <summary>True when the item did not fail itself but was stopped because another one failed first.</summary>
    public bool IsCancellation => Exception is OperationCanceledException;

    public override string ToString() => $"{Distribution}: {Stage.ToString().ToLowerInvariant()} failed: {Message}";
}
