namespace Dataflow.Installer.Cache;

/// <summary>What a temp folder's owner lock says about the process that made it.</summary>
internal enum RunOwnerState
{
    /// <summary>No owner file (a folder of an older dfi, or the owner could not make one), or its lock cannot be tested.</summary>
    Unknown,

    /// <summary>Some process, here or in another container or host, still holds the owner lock.</summary>
    Alive,

    /// <summary>The owner file exists but nobody holds its lock: the kernel dropped it when its process died.</summary>
    Dead,
}
