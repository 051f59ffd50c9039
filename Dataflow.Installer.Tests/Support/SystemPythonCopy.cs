using System.Text.Json;
using Dataflow.Installer.Tests.EndToEnd;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// A Python installation of a test's own, outside any virtual environment, so that <c>--system</c> is tested without
/// touching the machine's: python3's binary copied, its standard library linked entry by entry (less its
/// site-packages and its PEP 668 marker, which a test writes when it wants one), its shared libpython linked beside.
/// Python finds its prefix from the binary's place, so the copy's site-packages is the copy's.
/// </summary>
internal sealed class SystemPythonCopy
{
    private SystemPythonCopy(string prefix, string stdlib, string purelib, string scripts)
    {
        Prefix = prefix;
        Stdlib = stdlib;
        Purelib = purelib;
        Scripts = scripts;
    }

    public string Prefix { get; }

    public string Python => Path.Combine(Prefix, "bin", "python3");

    public string Stdlib { get; }

    /// <summary>Where the copy's default scheme installs (Debian's posix_local puts it under <c>local/</c>).</summary>
    public string Purelib { get; }

    public string Scripts { get; }

    /// <summary>Makes the copy in <paramref name="prefix"/>, which must not exist yet.</summary>
    public static async Task<SystemPythonCopy> CreateAsync(string prefix)
    {
        const string Describe = """
            import json, os, sys, sysconfig
            print(json.dumps({"binary": os.path.realpath(sys.executable), "stdlib": sysconfig.get_path("stdlib"),
                "version": "%d.%d" % sys.version_info[:2], "libdir": sysconfig.get_config_var("LIBDIR") or "",
                "soname": sysconfig.get_config_var("INSTSONAME") or "", "shared": bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))}))
            """;
        var described = (await ChildProcess.RunAsync("python3", ["-c", Describe])).ShouldSucceed();
        using var json = JsonDocument.Parse(described.Stdout);
        var root = json.RootElement;
        var version = root.GetProperty("version").GetString()!;
        var bin = Path.Combine(prefix, "bin");
        var lib = Path.Combine(prefix, "lib");
        var stdlib = Path.Combine(lib, $"python{version}");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(stdlib);
        File.Copy(root.GetProperty("binary").GetString()!, Path.Combine(bin, $"python{version}"));
        File.CreateSymbolicLink(Path.Combine(bin, "python3"), $"python{version}");
        foreach (var entry in Directory.EnumerateFileSystemEntries(root.GetProperty("stdlib").GetString()!))
        {
            if (Path.GetFileName(entry) is not ("site-packages" or "dist-packages" or "EXTERNALLY-MANAGED"))
            {
                File.CreateSymbolicLink(Path.Combine(stdlib, Path.GetFileName(entry)), entry);
            }
        }
        // A build with --enable-shared (pyenv's) may find libpython beside its prefix ($ORIGIN/../lib).
        if (root.GetProperty("shared").GetBoolean() && root.GetProperty("soname").GetString() is { Length: > 0 } soname
            && Path.Combine(root.GetProperty("libdir").GetString()!, soname) is var library && File.Exists(library))
        {
            File.CreateSymbolicLink(Path.Combine(lib, soname), library);
        }
        var paths = (await ChildProcess.RunAsync(Path.Combine(bin, "python3"),
            ["-c", "import json, sys, sysconfig; print(json.dumps([sys.prefix, sysconfig.get_path('purelib'), sysconfig.get_path('scripts')]))"])).ShouldSucceed();
        var answer = JsonSerializer.Deserialize<string[]>(paths.Stdout)!;
        answer[0].Should().Be(prefix, "the copy must be an installation of its own, not the one it was copied from");
        return new SystemPythonCopy(prefix, stdlib, answer[1], answer[2]);
    }

    /// <summary>Marks the copy as a distributor's (PEP 668), with <paramref name="content"/> as its marker file.</summary>
    public void MarkExternallyManaged(string content) => File.WriteAllText(Path.Combine(Stdlib, "EXTERNALLY-MANAGED"), content);
}
