namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>A fact that mounts a small tmpfs (<see cref="TmpfsMount"/>); skipped, saying why, where it cannot.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
