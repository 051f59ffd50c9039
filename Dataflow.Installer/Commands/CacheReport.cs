using System.Globalization;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Commands;

/// <summary>Formats the results of <c>dfi cache</c> for stdout.</summary>
internal static class CacheReport
{
    public static void WriteStatistics(TextWriter output, string cachePath, IReadOnlyList<BucketStatistics> rows)
    {
        output.WriteLine($"Cache: {cachePath}");
        output.WriteLine($"{"Bucket",-20} {"Entries",10} {"Bytes",16}  Size");
        foreach (var row in rows)
        {
            var note = row.IsCurrent ? "" : "  (unused; prune removes it)";
            output.WriteLine($"{row.Bucket,-20} {Number(row.Entries),10} {Number(row.Bytes),16}  {Size(row.Bytes)}{note}");
        }
        var entries = rows.Sum(row => row.Entries);
        var bytes = rows.Sum(row => row.Bytes);
        output.WriteLine($"{"total",-20} {Number(entries),10} {Number(bytes),16}  {Size(bytes)}");
    }

    /// <summary>One line per removal when there are few or when asked, then the total.</summary>
    public static void WriteRemovals(TextWriter output, string verb, IReadOnlyList<CacheRemoval> removals, bool everyLine)
    {
        if (everyLine || removals.Count <= 20)
        {
            foreach (var removal in removals)
            {
                output.WriteLine($"Removed {removal.Path} ({removal.Reason}, {Size(removal.Bytes)})");
            }
        }
        output.WriteLine($"{verb} {removals.Count} item{(removals.Count == 1 ? "" : "s")}, {Size(removals.Sum(removal => removal.Bytes))} freed");
    }

    /// <summary>Bytes in binary units, as <c>du -h</c> shows them.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
