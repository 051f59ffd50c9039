using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Install;

/// <summary>What one install checks its placed cache files against.</summary>
/// <param name="Expected">The entry's manifest; null when the folder is not a cache entry (nothing to check).</param>
/// <param name="Checked">The run's record of hard-linked files already found unchanged; null when every file is checked.</param>
/// <param name="WheelName">The wheel's name in messages.</param>
internal readonly record struct LinkCheck(EntryManifest? Expected, CheckedLinks? Checked, string WheelName);
