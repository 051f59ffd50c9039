namespace Dataflow.Installer.Standards;

/// <summary>A script entry point: <c>Name = Module:Attribute</c>, where Attribute may be dotted (<c>cli.main</c>).</summary>
public sealed record EntryPoint(string Name, string Module, string Attribute)
{
    /// <summary>The top-level name to import from the module: the first part of a dotted attribute.</summary>
    public string ImportName
    {
        get
        {
            var dot = Attribute.IndexOf('.');
            return dot < 0 ? Attribute : Attribute[..dot];
        }
    }
}
