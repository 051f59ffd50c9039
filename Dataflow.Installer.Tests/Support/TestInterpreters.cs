using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Tests.Support;

/// <summary>Interpreters described without running one, for tests of tag and file selection.</summary>
internal static class TestInterpreters
{
    /// <summary>CPython 3.11 on x86-64 glibc 2.36 (Debian 12's), no marker variables.</summary>
    public static InterpreterInfo CPython311Glibc { get; } = new(
        Executable: "/usr/bin/python3",
        ImplementationName: "cpython",
        Major: 3,
        Minor: 11,
        FullVersion: "3.11.7",
        Abiflags: "",
        SysconfigPlatform: "linux-x86_64",
        Machine: "x86_64",
        PointerBits: 64,
        LibcName: "glibc",
        LibcVersion: "2.36",
        Prefix: "/usr",
        BasePrefix: "/usr",
        Scheme: new SchemePaths("/p", "/p", "/s", "/h", "/d"),
        MarkerEnvironment: new Dictionary<string, string>());
}
