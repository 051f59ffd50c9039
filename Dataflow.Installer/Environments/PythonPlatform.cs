using System.Globalization;

namespace Dataflow.Installer.Environments;

/// <summary>
/// uv's <c>--python-platform</c>: a target named as a Rust-style triple (<c>x86_64-unknown-linux-gnu</c>,
/// <c>aarch64-apple-darwin</c>, <c>x86_64-manylinux_2_28</c>) or an alias (<c>linux</c>, <c>macos</c>, <c>windows</c>), read
/// as uv reads it: glibc 2.17 for <c>-gnu</c>, musl 1.2 for <c>-musl</c>, macOS 13.0 (or <c>MACOSX_DEPLOYMENT_TARGET</c>)
/// for <c>-apple-darwin</c>. Its platform tags are those pypa/packaging yields on such a machine, best first.
/// </summary>
/// <param name="Name">The name as given, for messages.</param>
/// <param name="Tags">Platform tags, best first.</param>
/// <param name="Machine">Its <c>platform.machine()</c>, as Python reports it there.</param>
internal sealed record PythonPlatform(string Name, IReadOnlyList<string> Tags, string SysPlatform, string System, string OsName, string Machine)
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["linux"] = "x86_64-unknown-linux-gnu",
        ["macos"] = "aarch64-apple-darwin",
        ["windows"] = "x86_64-pc-windows-msvc",
    };

    // Rust's architecture names and what Python's platform.machine() says on Linux.
    private static readonly Dictionary<string, string> LinuxMachines = new(StringComparer.Ordinal)
    {
        ["x86_64"] = "x86_64",
        ["i686"] = "i686",
        ["aarch64"] = "aarch64",
        ["armv7"] = "armv7l",
        ["powerpc64le"] = "ppc64le",
        ["ppc64le"] = "ppc64le",
        ["s390x"] = "s390x",
        ["riscv64gc"] = "riscv64",
        ["riscv64"] = "riscv64",
    };

    private const string Expected =
        "linux, macos, windows, ARCH-unknown-linux-gnu, ARCH-unknown-linux-musl, ARCH-manylinux2014, ARCH-manylinux_2_N, " +
        "x86_64-apple-darwin, aarch64-apple-darwin, x86_64-pc-windows-msvc, i686-pc-windows-msvc or aarch64-pc-windows-msvc";

    /// <summary>Reads <paramref name="name"/>; <paramref name="macosDeploymentTarget"/> is <c>MACOSX_DEPLOYMENT_TARGET</c>'s value, if set.</summary>
    public static PythonPlatform Parse(string name, string? macosDeploymentTarget)
    {
        var triple = Aliases.GetValueOrDefault(name, name);
        var split = triple.IndexOf('-', StringComparison.Ordinal);
        var (arch, rest) = split > 0 ? (triple[..split], triple[(split + 1)..]) : ("", "");
        switch (rest)
        {
            case "apple-darwin" when arch is "x86_64" or "aarch64":
                var machine = arch == "aarch64" ? "arm64" : "x86_64";
                return new PythonPlatform(name, PlatformTags.MacOS(MacOSVersion(macosDeploymentTarget), machine), "darwin", "Darwin", "posix", machine);
            case "pc-windows-msvc" when arch is "x86_64" or "i686" or "aarch64":
                var (tag, windowsMachine) = arch switch
                {
                    "x86_64" => ("win_amd64", "AMD64"),
                    "i686" => ("win32", "x86"),
                    _ => ("win_arm64", "ARM64"),
                };
                return new PythonPlatform(name, [tag], "win32", "Windows", "nt", windowsMachine);
        }
        if (LinuxMachines.TryGetValue(arch, out var linuxMachine))
        {
            var libc = rest switch
            {
                "unknown-linux-gnu" or "manylinux2014" => ("glibc", "2.17"),
                "unknown-linux-musl" => ("musl", "1.2"),
                _ when rest.StartsWith("manylinux_2_", StringComparison.Ordinal) && GlibcMinor(rest) is { } minor => ("glibc", $"2.{minor}"),
                _ => ((string, string)?)null,
            };
            if (libc is var (libcName, libcVersion))
            {
                return new PythonPlatform(name, PlatformTags.Linux($"linux_{linuxMachine}", is32Bit: false, libcName, libcVersion), "linux", "Linux", "posix", linuxMachine);
            }
        }
        throw new ArgumentException($"--python-platform '{name}' is not a platform dfi knows; expected {Expected}.");
    }

    // manylinux_2_N for N from 17 (the oldest manylinux anywhere but x86) up; uv lists 2_17 and 2_28 to 2_40.
    private static int? GlibcMinor(string rest) =>
        int.TryParse(rest.AsSpan("manylinux_2_".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor is >= 17 and < 100 ? minor : null;

    // As uv: the oldest macOS Apple still supports, unless the deployment target says otherwise.
    private static (int Major, int Minor) MacOSVersion(string? deploymentTarget)
    {
        if (string.IsNullOrEmpty(deploymentTarget))
        {
            return (13, 0);
        }
        var parts = deploymentTarget.Split('.');
        var minor = 0;
        if (parts.Length <= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= 10
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor)))
        {
            return (major, minor);
        }
        throw new ArgumentException($"MACOSX_DEPLOYMENT_TARGET '{deploymentTarget}' is not a macOS version such as 13.0 (it sets the macOS --python-platform targets).");
    }
}
