using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>What an install reads from an unzipped wheel before it places a file: the same for every environment it goes to.</summary>
/// <param name="DistInfoName">Its <c>.dist-info</c> folder's name.</param>
/// <param name="WheelName">The wheel's name in messages.</param>
/// <param name="Headers">The WHEEL file.</param>
/// <param name="Name">The distribution's name, from METADATA.</param>
/// <param name="Version">Its version, from METADATA.</param>
/// <param name="Record">The RECORD rows of the unzipped tree by path, in RECORD order: a row for every file it holds.</param>
/// <param name="EntryPoints">Its entry_points.txt.</param>
/// <param name="Members">Every file to install, RECORD's order first (including the .dist-info files the installer replaces).</param>
/// <param name="InstalledRows">
/// The rows the installed RECORD takes for the wheel's files: <paramref name="Record"/>, or the wheel's own RECORD where
/// the cache mended the tree's (<see cref="Cache.CacheEntry.WheelRecordFileName"/>).
/// </param>
/// <param name="Unheld">The wheel's RECORD rows for files it does not hold (or folders), which pip copies into the installed RECORD as they are.</param>
internal sealed record UnzippedWheel(
    string DistInfoName,
    string WheelName,
    WheelFileHeaders Headers,
    string Name,
    string Version,
    IReadOnlyDictionary<string, RecordEntry> Record,
    EntryPoints EntryPoints,
    IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, RecordEntry> InstalledRows,
    IReadOnlyList<RecordEntry> Unheld);
