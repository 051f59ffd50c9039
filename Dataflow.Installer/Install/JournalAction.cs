namespace Dataflow.Installer.Install;

/// <summary>What one journal record says the run did (or was about to do) to the environment.</summary>
internal enum JournalAction
{
    /// <summary>A file the install creates (or replaces, after moving the old one aside).</summary>
    Added,

    /// <summary>A folder the install creates, the topmost of a new subtree.</summary>
    CreatedDirectory,

    /// <summary>A file or folder renamed into the journal's stash instead of being deleted.</summary>
    MovedAside,
}
