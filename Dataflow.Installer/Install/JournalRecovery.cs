namespace Dataflow.Installer.Install;

/// <summary>What replaying a journal did: files of the dead run removed, files moved back, folders removed.</summary>
/// <param name="RolledForward">The run had committed and died while deleting its stash; the deletion was finished instead.</param>
internal sealed record JournalRecovery(int Removed, int Restored, int RemovedDirectories, bool RolledForward)
{
    public string Describe() => RolledForward
        ? "finished the commit of the earlier run"
        : $"rolled back: {Removed} added file(s) removed, {Restored} file(s) or folder(s) restored, {RemovedDirectories} created folder(s) removed";
}
