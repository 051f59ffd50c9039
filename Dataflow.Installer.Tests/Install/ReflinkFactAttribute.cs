namespace Dataflow.Installer.Tests.Install;

/// <summary>A fact that needs a filesystem with reflinks (<see cref="ReflinkVolume"/>); skipped, saying why, where there is none.</summary>
public sealed class ReflinkFactAttribute : FactAttribute
{
    public ReflinkFactAttribute()
    {
        if (ReflinkVolume.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
