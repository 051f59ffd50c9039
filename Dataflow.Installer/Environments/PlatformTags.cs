using System.Globalization;

namespace Dataflow.Installer.Environments;

/// <summary>The platform tags an interpreter accepts, best first, as pypa/packaging's <c>platform_tags()</c> orders them.</summary>
internal static class PlatformTags
{
    // PEP 600: the legacy manylinux names are aliases of these glibc versions.
    private static readonly Dictionary<(int Major, int Minor), string> LegacyManylinux = new()
    {
        [(2, 17)] = "manylinux2014",
        [(2, 12)] = "manylinux2010",
        [(2, 5)] = "manylinux1",
    };

    // The architectures pypa/packaging trusts to have a manylinux-compatible ABI (armv7l only with hard-float,
    // which it probes for and we assume).
    private static readonly HashSet<string> ManylinuxArchitectures =
        ["x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64", "loongarch64"];

    // When glibc's major version moves past 2, packaging assumes each earlier major went up to this minor.
    private const int AssumedLastGlibcMinor = 50;

    /// <summary>The platform tags for <paramref name="interpreter"/>, from its sysconfig platform, libc and pointer size.</summary>
    public static IReadOnlyList<string> For(InterpreterInfo interpreter)
    {
        var platform = Normalize(interpreter.SysconfigPlatform);
        if (platform.StartsWith("linux_", StringComparison.Ordinal))
        {
            return Linux(platform, interpreter.PointerBits == 32, interpreter.LibcName, interpreter.LibcVersion, interpreter.Manylinux);
        }
        if (platform.StartsWith("macosx_", StringComparison.Ordinal) && TryParseMacOS(platform, out var version, out var arch))
        {
            // sysconfig gives the deployment target, not the running macOS: a floor, so this list may miss newer tags.
            return MacOS(version, MacArch(arch, interpreter.Machine, interpreter.PointerBits == 32));
        }
        return [platform];
    }

    /// <summary>Linux: manylinux (glibc) or musllinux (musl) tags, newest first, then the bare <c>linux_{arch}</c>.</summary>
    public static IReadOnlyList<string> Linux(string linuxPlatform, bool is32Bit, string? libcName, string? libcVersion, ManylinuxModule? manylinux = null)
    {
        if (is32Bit)
        {
            // A 32-bit interpreter on a 64-bit kernel still reports the kernel's machine.
            linuxPlatform = linuxPlatform switch
            {
                "linux_x86_64" => "linux_i686",
                "linux_aarch64" => "linux_armv7l",
                _ => linuxPlatform,
            };
        }
        var arch = linuxPlatform["linux_".Length..];
        var tags = new List<string>();
        if (TryParseLibcVersion(libcVersion, out var major, out var minor))
        {
            if (string.Equals(libcName, "glibc", StringComparison.OrdinalIgnoreCase))
            {
                AddManylinux(tags, arch, major, minor, manylinux);
            }
            else if (string.Equals(libcName, "musl", StringComparison.OrdinalIgnoreCase))
            {
                // PEP 656: musllinux_{major}_{minor} for every minor of the running musl's major, down to 0.
                for (var m = minor; m >= 0; m--)
                {
                    tags.Add($"musllinux_{major}_{m}_{arch}");
                }
            }
        }
        tags.Add(linuxPlatform);
        return tags;
    }

    /// <summary>
    /// PEP 600: <c>manylinux_{glibc major}_{minor}</c> from the running glibc down to the oldest for the architecture, legacy
    /// aliases after their twin; a version the interpreter's <c>_manylinux</c> module refuses is left out with its alias.
    /// </summary>
    private static void AddManylinux(List<string> tags, string arch, int glibcMajor, int glibcMinor, ManylinuxModule? manylinux)
    {
        if (!ManylinuxArchitectures.Contains(arch))
        {
            return;
        }
        // manylinux2014 (glibc 2.17) is the oldest anywhere; x86 also had manylinux1 (2.5) and manylinux2010 (2.12).
        var oldestMinorOfTwo = arch is "x86_64" or "i686" ? 5 : 17;
        for (var major = glibcMajor; major >= 2; major--)
        {
            var highestMinor = major == glibcMajor ? glibcMinor : AssumedLastGlibcMinor;
            var lowestMinor = major == 2 ? oldestMinorOfTwo : 0;
            for (var minor = highestMinor; minor >= lowestMinor; minor--)
            {
                if (manylinux is not null && !manylinux.Allows(major, minor))
                {
                    continue;
                }
                tags.Add($"manylinux_{major}_{minor}_{arch}");
                if (LegacyManylinux.TryGetValue((major, minor), out var legacy))
                {
                    tags.Add($"{legacy}_{arch}");
                }
            }
        }
    }

    /// <summary>macOS tags as pypa/packaging's <c>mac_platforms</c> yields them for a macOS version and CPU architecture.</summary>
    public static IReadOnlyList<string> MacOS((int Major, int Minor) version, string arch)
    {
        var tags = new List<string>();
        void AddVersion(int major, int minor)
        {
            foreach (var format in MacBinaryFormats((major, minor), arch))
            {
                tags.Add($"macosx_{major}_{minor}_{format}");
            }
        }

        if (version.Major == 10)
        {
            // Before macOS 11 each yearly release bumped the minor version.
            for (var minor = version.Minor; minor >= 0; minor--)
            {
                AddVersion(10, minor);
            }
        }
        else if (version.Major >= 11)
        {
            // From macOS 11 each yearly release bumps the major version; minor versions are mid-year updates.
            for (var major = version.Major; major > 10; major--)
            {
                AddVersion(major, 0);
            }
            // x86_64 runs binaries built for older releases; arm64 appeared in 11.0, so only universal2 binaries
            // can name an older macOS (their x86_64 half sets it).
            for (var minor = 16; minor > 3; minor--)
            {
                if (arch == "x86_64")
                {
                    AddVersion(10, minor);
                }
                else
                {
                    tags.Add($"macosx_10_{minor}_universal2");
                }
            }
        }
        return tags;
    }

    private static List<string> MacBinaryFormats((int Major, int Minor) version, string arch)
    {
        var formats = new List<string> { arch };
        var atLeast10_4 = version.CompareTo((10, 4)) >= 0;
        switch (arch)
        {
            case "x86_64":
                if (!atLeast10_4)
                {
                    return [];
                }
                formats.AddRange(["intel", "fat64", "fat32"]);
                break;
            case "i386":
                if (!atLeast10_4)
                {
                    return [];
                }
                formats.AddRange(["intel", "fat32", "fat"]);
                break;
            case "ppc64":
                if (version.CompareTo((10, 5)) > 0 || !atLeast10_4)
                {
                    return [];
                }
                formats.Add("fat64");
                break;
            case "ppc":
                if (version.CompareTo((10, 6)) > 0)
                {
                    return [];
                }
                formats.AddRange(["fat32", "fat"]);
                break;
        }
        if (arch is "arm64" or "x86_64")
        {
            formats.Add("universal2");
        }
        if (arch is "x86_64" or "i386" or "ppc64" or "ppc" or "intel")
        {
            formats.Add("universal");
        }
        return formats;
    }

    private static bool TryParseMacOS(string platform, out (int Major, int Minor) version, out string arch)
    {
        // macosx_{major}_{minor}_{arch}, the arch itself possibly holding '_' (x86_64).
        var parts = platform.Split('_', 4);
        version = default;
        arch = "";
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }
        version = (major, minor);
        arch = parts[3];
        return true;
    }

    /// <summary>The CPU the tags are for: a fat build's sysconfig platform names its format (universal2, intel), not the CPU it runs on.</summary>
    private static string MacArch(string sysconfigArch, string machine, bool is32Bit)
    {
        var arch = sysconfigArch is "universal2" or "universal" or "intel" or "fat" or "fat3" or "fat64" or "fat32" && machine.Length > 0
            ? machine
            : sysconfigArch;
        if (is32Bit)
        {
            return arch.StartsWith("ppc", StringComparison.Ordinal) ? "ppc" : "i386";
        }
        return arch;
    }

    private static bool TryParseLibcVersion(string? text, out int major, out int minor)
    {
        major = minor = 0;
        if (text is null)
        {
            return false;
        }
        var parts = text.Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }

    /// <summary>pypa/packaging's normalisation of a sysconfig platform into a tag: '-' and '.' become '_'.</summary>
    public static string Normalize(string sysconfigPlatform) =>
        sysconfigPlatform.Replace('-', '_').Replace('.', '_').ToLowerInvariant();
}
