namespace Dataflow.Installer.Standards;

/// <summary>A node of a parsed PEP 508 marker: a comparison, or an <c>and</c>/<c>or</c> of two nodes.</summary>
internal abstract record MarkerNode
{
    /// <summary>Evaluates the node; <paramref name="lookup"/> gives a variable's value.</summary>
    public abstract bool Evaluate(Func<string, string> lookup);

    /// <summary>Renders the node, parenthesised when it binds looser than its parent.</summary>
    public abstract string Render(bool insideAnd);

    public abstract IEnumerable<string> Variables();
}
