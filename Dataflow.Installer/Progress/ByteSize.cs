using System.Globalization;

namespace Dataflow.Installer.Progress;

/// <summary>Sizes for people, in decimal units as pip shows them (kB, MB, GB).</summary>
internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, bytes)} B"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB"),
    };
}
