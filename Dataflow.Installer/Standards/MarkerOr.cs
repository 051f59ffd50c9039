namespace Dataflow.Installer.Standards;

/// <summary>Either side must hold.</summary>
internal sealed record MarkerOr(MarkerNode Left, MarkerNode Right) : MarkerNode
{
    public override bool Evaluate(Func<string, string> lookup) => Left.Evaluate(lookup) || Right.Evaluate(lookup);

    public override string Render(bool insideAnd)
    {
        var text = $"{Left.Render(false)} or {Right.Render(false)}";
        return insideAnd ? $"({text})" : text;
    }

    public override IEnumerable<string> Variables() => Left.Variables().Concat(Right.Variables());
}
