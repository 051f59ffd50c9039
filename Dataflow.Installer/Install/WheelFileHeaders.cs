using System.Globalization;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>What the installer needs from a wheel's <c>.dist-info/WHEEL</c> (PEP 427).</summary>
/// <param name="MajorVersion">Wheel-Version's major number; only 1 is understood.</param>
/// <param name="MinorVersion">Wheel-Version's minor number; above 0 deserves a warning.</param>
/// <param name="RootIsPurelib">True when the archive root goes to purelib, false for platlib.</param>
internal sealed record WheelFileHeaders(int MajorVersion, int MinorVersion, bool RootIsPurelib)
{
    /// <summary>The newest Wheel-Version this installer implements.</summary>
    public const int SupportedMajor = 1;

    public const int SupportedMinor = 0;

    // A few lines, read synchronously: an asynchronous read on Linux is a hop to the thread pool for each install.
    public static WheelFileHeaders Read(string path, string wheelName)
    {
        if (!File.Exists(path))
        {
            throw new InstallationException($"{wheelName} has no .dist-info/WHEEL file.");
        }
        return Parse(SmallFile.ReadUtf8Text(path), wheelName);
    }

    public static WheelFileHeaders Parse(string text, string wheelName)
    {
        string? version = null;
        string? rootIsPurelib = null;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.Equals("Wheel-Version", StringComparison.OrdinalIgnoreCase))
            {
                version ??= value;
            }
            else if (key.Equals("Root-Is-Purelib", StringComparison.OrdinalIgnoreCase))
            {
                rootIsPurelib ??= value;
            }
        }
        if (version is null)
        {
            throw new InstallationException($"{wheelName} has no Wheel-Version in its WHEEL file.");
        }
        var parts = version.Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new InstallationException($"{wheelName} has an invalid Wheel-Version '{version}'.");
        }
        if (major != SupportedMajor)
        {
            throw new InstallationException(
                $"{wheelName}'s Wheel-Version ({version}) is not compatible with this installer (supports {SupportedMajor}.x).");
        }
        // pip compares case-insensitively with "true"; anything else means platlib.
        return new WheelFileHeaders(major, minor, string.Equals(rootIsPurelib, "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>PEP 427: an installer should warn when the wheel's minor version is newer than it knows.</summary>
    public bool IsNewerMinor => MinorVersion > SupportedMinor;
}
