namespace Dataflow.Installer.Tests.Cache;

/// <summary>A clock that stands still at the given instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
