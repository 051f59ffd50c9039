namespace Dataflow.Installer.Environments;

/// <summary>What a target interpreter said about itself, asked once and cached by path and mtime.</summary>
/// <param name="Executable">The interpreter as given (a venv's <c>bin/python</c> stays in the venv).</param>
/// <param name="ImplementationName"><c>sys.implementation.name</c>, e.g. <c>cpython</c>.</param>
/// <param name="Major">The language version's major number.</param>
/// <param name="Minor">The language version's minor number.</param>
/// <param name="FullVersion"><c>platform.python_version()</c>, e.g. <c>3.11.7</c>.</param>
/// <param name="Abiflags"><c>sys.abiflags</c> (<c>""</c>, <c>"d"</c>, <c>"t"</c>...).</param>
/// <param name="SysconfigPlatform"><c>sysconfig.get_platform()</c>, e.g. <c>linux-x86_64</c>.</param>
/// <param name="Machine"><c>platform.machine()</c>, e.g. <c>x86_64</c>.</param>
/// <param name="PointerBits">32 or 64: a 32-bit interpreter on a 64-bit kernel gets i686 tags.</param>
/// <param name="LibcName"><c>glibc</c>, <c>musl</c>, or null when neither was found.</param>
/// <param name="LibcVersion">e.g. <c>2.36</c>; null when unknown.</param>
/// <param name="Prefix"><c>sys.prefix</c>.</param>
/// <param name="BasePrefix"><c>sys.base_prefix</c>; differs from Prefix inside a virtual environment.</param>
/// <param name="Scheme">The environment's install locations.</param>
/// <param name="MarkerEnvironment">PEP 508 marker variables with their values for this interpreter.</param>
/// <param name="Stdlib">sysconfig's <c>stdlib</c> path, where PEP 668's <c>EXTERNALLY-MANAGED</c> marker lives; null when unknown.</param>
/// <param name="PrefixScheme">Where pip's <c>--prefix DIR</c> would put each kind of file, with <see cref="PrefixDirectory.Marker"/> for DIR; null when unknown.</param>
/// <param name="Manylinux">The interpreter's <c>_manylinux</c> module; null when it has none (every manylinux tag its glibc allows).</param>
public sealed record InterpreterInfo(
    string Executable,
    string ImplementationName,
    int Major,
    int Minor,
    string FullVersion,
    string Abiflags,
    string SysconfigPlatform,
    string Machine,
    int PointerBits,
    string? LibcName,
    string? LibcVersion,
    string Prefix,
    string BasePrefix,
    SchemePaths Scheme,
    IReadOnlyDictionary<string, string> MarkerEnvironment,
    string? Stdlib = null,
    SchemePaths? PrefixScheme = null,
    ManylinuxModule? Manylinux = null)
{
    /// <summary>True inside a virtual environment (PEP 405).</summary>
    public bool IsVirtualEnvironment => !string.Equals(Prefix, BasePrefix, StringComparison.Ordinal);
}
