using System.Diagnostics.CodeAnalysis;

namespace Dataflow.Installer.Standards;

/// <summary>A distribution file name that is either a wheel or a source distribution; exactly one of the two is set.</summary>
internal sealed record DistributionFilename
{
    private DistributionFilename(WheelFilename? wheel, SourceDistFilename? sourceDist)
    {
        Wheel = wheel;
        SourceDist = sourceDist;
    }

    public WheelFilename? Wheel { get; }

    public SourceDistFilename? SourceDist { get; }

    [MemberNotNullWhen(true, nameof(Wheel))]
    [MemberNotNullWhen(false, nameof(SourceDist))]
    public bool IsWheel => Wheel is not null;

    public PackageName Name => IsWheel ? Wheel.Name : SourceDist.Name;

    /// <summary>The version as written in the file name.</summary>
    public string Version => IsWheel ? Wheel.Version : SourceDist.Version;

    public string FileName => IsWheel ? Wheel.FileName : SourceDist.FileName;

    public static DistributionFilename FromWheel(WheelFilename wheel) => new(wheel, null);

    public static DistributionFilename FromSourceDist(SourceDistFilename sourceDist) => new(null, sourceDist);

    /// <summary>Parses a wheel or source distribution name; null when it is neither, or when it belongs to another project than <paramref name="expectedName"/>.</summary>
    public static DistributionFilename? TryParse(string fileName, PackageName? expectedName)
    {
        if (fileName.EndsWith(".whl", StringComparison.Ordinal))
        {
            return WheelFilename.TryParse(fileName, out var wheel) && (expectedName is null || wheel.Name == expectedName.Value)
                ? FromWheel(wheel)
                : null;
        }
        return SourceDistFilename.TryParse(fileName, expectedName, out var sourceDist) ? FromSourceDist(sourceDist) : null;
    }

    public override string ToString() => FileName;
}
