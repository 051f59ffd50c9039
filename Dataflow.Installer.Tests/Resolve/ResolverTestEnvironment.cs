using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Resolve;

/// <summary>A CPython 3.11 on Linux marker environment and shorthands for resolving against a fake index.</summary>
internal static class ResolverTestEnvironment
{
    public static IReadOnlyDictionary<string, string> Linux311 { get; } = new Dictionary<string, string>
    {
        ["implementation_name"] = "cpython",
        ["implementation_version"] = "3.11.7",
        ["os_name"] = "posix",
        ["platform_machine"] = "x86_64",
        ["platform_python_implementation"] = "CPython",
        ["platform_release"] = "6.1.0-18-amd64",
        ["platform_system"] = "Linux",
        ["platform_version"] = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        ["python_full_version"] = "3.11.7",
        ["python_version"] = "3.11",
        ["sys_platform"] = "linux",
    };

    public static Task<Resolution> ResolveAsync(
        this FakeResolverProvider provider, string[] roots, string[]? constraints = null, int maxTrials = Resolver.DefaultMaxTrials) =>
        new Resolver(provider, Linux311, maxTrials).ResolveAsync(
            roots.Select(Requirement.Parse).ToList(),
            (constraints ?? []).Select(Requirement.Parse).ToList(),
            CancellationToken.None);

    /// <summary>The resolution as <c>name==version</c> (with <c>[extras]</c>) lines, sorted by name.</summary>
    public static IEnumerable<string> Pins(this Resolution resolution) => resolution.Packages.Select(package => package.ToString());
}
