namespace Dataflow.Installer.Standards;

/// <summary>Both sides must hold; binds tighter than <c>or</c> (PEP 508 grammar).</summary>
internal sealed record MarkerAnd(MarkerNode Left, MarkerNode Right) : MarkerNode
{
    public override bool Evaluate(Func<string, string> lookup) => Left.Evaluate(lookup) && Right.Evaluate(lookup);

    public override string Render(bool insideAnd) => $"{Left.Render(true)} and {Right.Render(true)}";

    public override IEnumerable<string> Variables() => Left.Variables().Concat(Right.Variables());
}
