namespace Dataflow.Installer.Commands;

/// <summary>The output formats of <c>dfi list</c>, pip's names.</summary>
public enum ListFormat
{
    Columns,
    Freeze,
    Json,
}
