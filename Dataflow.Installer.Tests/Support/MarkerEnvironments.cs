namespace Dataflow.Installer.Tests.Support;

/// <summary>Marker environments (PEP 508) of interpreters the tests plan for, as pip's <c>default_environment()</c> reports them.</summary>
internal static class MarkerEnvironments
{
    /// <summary>CPython 3.11.7 on x86_64 Linux.</summary>
    public static IReadOnlyDictionary<string, string> Linux311 { get; } = new Dictionary<string, string>
    {
        ["implementation_name"] = "cpython",
        ["implementation_version"] = "3.11.7",
        ["os_name"] = "posix",
        ["platform_machine"] = "x86_64",
        ["platform_python_implementation"] = "CPython",
        ["platform_release"] = "6.1.0",
        ["platform_system"] = "Linux",
        ["platform_version"] = "#1 SMP",
        ["python_full_version"] = "3.11.7",
        ["python_version"] = "3.11",
        ["sys_platform"] = "linux",
    };
}
