using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Dataflow.Installer.Environments;

/// <summary>Asks an interpreter about itself once; answers are cached by interpreter path and modification time.</summary>
internal static class PythonInterpreter
{
    /// <summary>Queries <paramref name="executable"/>, using and refreshing the cache under <paramref name="cacheRoot"/> when given.</summary>
    public static async Task<InterpreterQueryResult> QueryAsync(string executable, string? cacheRoot, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(executable);
        if (!File.Exists(path))
        {
            throw new InterpreterException($"No Python interpreter at '{executable}'.");
        }

        if (IsScriptLauncher(path))
        {
            // A shim (pyenv's, asdf's) picks its interpreter when run: `pyenv global 3.12` changes the answer and not the
            // shim, so nothing stamps it. Asked every time.
            cacheRoot = null;
        }
        var stamp = Stamp(path);
        string? cacheFile = null;
        string? templateFile = null;
        (string Prefix, string Interpreter)? venv = null;
        if (cacheRoot is not null)
        {
            cacheFile = Path.Combine(cacheRoot, Cache.CacheLayout.InterpretersBucket, CacheKey(path) + ".json");
            if (TryReadCache(cacheFile, stamp) is { } cached && Parse(cached, path) is var known && !ManylinuxModuleChanged(known.Info))
            {
                return known;
            }
            // Only on a miss: the exact answer (every run after the first in a venv) needs no pyvenv.cfg read.
            venv = VirtualEnvironmentOf(path);
            if (venv is not null)
            {
                templateFile = Path.Combine(cacheRoot, Cache.CacheLayout.InterpretersBucket, CacheKey(venv.Value.Interpreter) + VenvTemplateExtension);
                if (TryReadCache(templateFile, venv.Value.Interpreter) is { } template
                    && Derive(Parse(template, path), venv.Value.Prefix) is { } derived && !ManylinuxModuleChanged(derived.Info))
                {
                    // A new venv of a known interpreter (CI's `python -m venv` before every sync): no Python started.
                    return derived;
                }
            }
        }

        var output = await RunQueryAsync(path, cancellationToken).ConfigureAwait(false);
        var result = Parse(output, path);
        if (cacheFile is not null)
        {
            await WriteCacheAsync(cacheFile, stamp, output, cancellationToken).ConfigureAwait(false);
        }
        if (templateFile is not null && venv is { } made && Derive(result, made.Prefix) is not null
            && string.Equals(Path.TrimEndingDirectorySeparator(result.Info.Prefix), made.Prefix, StringComparison.Ordinal))
        {
            await WriteCacheAsync(templateFile, made.Interpreter, output, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private const string VenvTemplateExtension = ".venv-template";

    /// <summary>
    /// Whether a cached answer missed a <c>_manylinux</c> module (PEP 600) put into the environment's own site folders since,
    /// or names one that is gone: it decides which wheels fit, and neither changes the interpreter's stamp. One or two
    /// stats; a module changed in place, or added to the base interpreter's folders, is seen with the next interpreter change.
    /// </summary>
    private static bool ManylinuxModuleChanged(InterpreterInfo info)
    {
        if (info.Manylinux is { } module)
        {
            return module.File.Length > 0 && !File.Exists(module.File);
        }
        if (info.LibcName != "glibc")
        {
            return false;
        }
        var scheme = info.Scheme;
        return File.Exists(Path.Combine(scheme.Purelib, ManylinuxModuleFile))
            || (scheme.Platlib != scheme.Purelib && File.Exists(Path.Combine(scheme.Platlib, ManylinuxModuleFile)));
    }

    private const string ManylinuxModuleFile = "_manylinux.py";

    /// <summary>
    /// A venv's prefix and what makes its answer the same as any other venv's of that interpreter: the binary its
    /// <c>bin/python</c> resolves to (path, mtime, size) and <c>pyvenv.cfg</c> without its per-venv lines. Null outside
    /// a venv, or for a venv made with <c>--copies</c> (its binary is its own, so nothing is shared).
    /// </summary>
    private static (string Prefix, string Interpreter)? VirtualEnvironmentOf(string path)
    {
        var bin = Path.GetDirectoryName(path);
        var prefix = bin is null ? null : Path.GetDirectoryName(bin);
        if (prefix is null || Path.GetFileName(bin) != "bin")
        {
            return null;
        }
        var config = Path.Combine(prefix, "pyvenv.cfg");
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target
                || target.FullName.StartsWith(prefix + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }
            // `command` (3.11+) and `prompt` name this venv; the rest (home, version, executable, site packages) is shared.
            var shared = File.ReadAllLines(config)
                .Where(line => line.Split('=', 2)[0].Trim() is not ("command" or "prompt"))
                .Select(line => line.Trim());
            return (prefix, $"{target.FullName}|{target.LastWriteTimeUtc.Ticks}|{target.Length}|{string.Join(";", shared)}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A name, not a defence: xxHash needs no OpenSSL, whose loading alone was a fifth of a no-op sync's start-up.
    private static string CacheKey(string text) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Another venv's answer moved to <paramref name="prefix"/>: every install path of the venv's own moves with it, the rest is
    /// the interpreter's. Null when a path of the answer lies outside its prefix (a layout this cannot vouch for).
    /// </summary>
    private static InterpreterQueryResult? Derive(InterpreterQueryResult template, string prefix)
    {
        var info = template.Info;
        var old = Path.TrimEndingDirectorySeparator(info.Prefix);
        string? Move(string value) =>
            value == old ? prefix
            : value.StartsWith(old + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? prefix + value[old.Length..]
            : null;
        var scheme = info.Scheme;
        if (!info.IsVirtualEnvironment || Move(scheme.Purelib) is not { } purelib
            || Move(scheme.Platlib) is not { } platlib || Move(scheme.Scripts) is not { } scripts || Move(scheme.Headers) is not { } headers
            || Move(scheme.Data) is not { } data)
        {
            return null;
        }
        return template with
        {
            // The template venv's own sys.executable is not this one's; Executable (the path asked about) stands in.
            SysExecutable = null,
            // Parse already made Executable the path that was asked about.
            Info = info with
            {
                Prefix = prefix,
                Scheme = new SchemePaths(purelib, platlib, scripts, headers, data),
            },
        };
    }

    // A symbolic link (a venv's bin/python, /usr/bin/python3) is taken for a binary's, so that the no-op sync's path reads
    // nothing more; a file of its own is a launcher when it starts with #!.
    internal static bool IsScriptLauncher(string path)
    {
        try
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                return false;
            }
            Span<byte> head = stackalloc byte[2];
            using var file = File.OpenHandle(path);
            return RandomAccess.Read(file, head, 0) == 2 && head[0] == '#' && head[1] == '!';
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The executable's mtime changes when the interpreter is upgraded in place; pyvenv.cfg's when a venv is re-created.
    private static string Stamp(string path)
    {
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : (FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        var builder = new StringBuilder()
            .Append(target.FullName).Append('|')
            .Append(target.Exists ? target.LastWriteTimeUtc.Ticks : 0).Append('|')
            .Append(target.Exists ? target.Length : 0);
        var venvConfig = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!) ?? "/", "pyvenv.cfg");
        if (File.Exists(venvConfig))
        {
            builder.Append('|').Append(File.GetLastWriteTimeUtc(venvConfig).Ticks);
        }
        return builder.ToString();
    }

    // Synchronous: the file is two lines, and an asynchronous read on Linux is a hop to the thread pool, whose first
    // worker thread cost a no-op sync ~2.5 ms (most of its interpreter lookup) before anything else needed one.
    private static string? TryReadCache(string cacheFile, string stamp)
    {
        try
        {
            var lines = File.ReadAllLines(cacheFile);
            return lines.Length == 2 && lines[0] == stamp ? lines[1] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task WriteCacheAsync(string cacheFile, string stamp, string output, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            // Written beside and renamed so that a concurrent reader never sees half a file.
            var temp = cacheFile + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            await File.WriteAllTextAsync(temp, stamp + "\n" + output.Trim() + "\n", cancellationToken).ConfigureAwait(false);
            File.Move(temp, cacheFile, overwrite: true);
        }
        catch (IOException)
        {
            // A cache we cannot write only costs the next run one more query.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The folders the interpreter imports from, as a program it runs sees them (<c>sys.path</c> without the program's
    /// own folder): site folders, what their <c>.pth</c> files add, <c>PYTHONPATH</c>. Not cached, as <c>.pth</c> files
    /// change with what is installed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SearchPathAsync(string executable, CancellationToken cancellationToken)
    {
        var output = await RunQueryAsync(executable, ["-c", "import json, sys; print(json.dumps(sys.path[1:]))"], cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(output);
            return json.RootElement.EnumerateArray().Select(item => item.GetString()).OfType<string>().ToList();
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new InterpreterException($"The interpreter '{executable}' printed no search path: {exception.Message}", exception);
        }
    }

    /// <summary>What a short program prints when the interpreter runs it in isolated mode, or null when it fails.</summary>
    internal static async Task<string?> TryRunCodeAsync(string executable, string code, CancellationToken cancellationToken)
    {
        try
        {
            return await RunQueryAsync(executable, ["-I", "-c", code], cancellationToken).ConfigureAwait(false);
        }
        catch (InterpreterException)
        {
            return null;
        }
    }

    // -I: ignore PYTHON* variables and the user's site folder, which would change the answer.
    private static Task<string> RunQueryAsync(string path, CancellationToken cancellationToken) =>
        RunQueryAsync(path, ["-I", "-c", InterpreterQueryScript.Source], cancellationToken);

    private static async Task<string> RunQueryAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        HelperProgramResult result;
        try
        {
            result = await HelperProgram.RunAsync(path, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InterpreterException($"Could not run the interpreter '{path}': {exception.Message}.", exception);
        }
        if (result.ExitCode != 0)
        {
            if (result.Errors.Contains("Unknown option: -I", StringComparison.Ordinal))
            {
                // Python 2 (and 3.3) stop at the isolation switch, with a usage text that names nothing useful.
                throw new InterpreterException($"The interpreter '{path}' is older than Python 3.4 (it does not take -I); dfi needs Python 3.");
            }
            var detail = result.Errors.Trim().Split('\n').LastOrDefault() ?? "";
            throw new InterpreterException($"The interpreter '{path}' failed to describe itself (exit code {result.ExitCode}): {detail}");
        }
        return result.Output.Trim();
    }

    internal static InterpreterQueryResult Parse(string output, string executable)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            string Text(string name) => root.GetProperty(name).GetString() ?? throw new InterpreterException($"The interpreter '{executable}' reported no '{name}'.");
            string PrefixPath(JsonElement scheme, string name) => scheme.GetProperty(name).GetString() ?? throw new InterpreterException($"The interpreter '{executable}' reported no prefix '{name}'.");
            string? Optional(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

            var markers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.GetProperty("markers").EnumerateObject())
            {
                markers[property.Name] = property.Value.GetString() ?? "";
            }
            var abiflags = Text("abiflags");
            if (root.TryGetProperty("gil_disabled", out var gil) && gil.ValueKind == JsonValueKind.True && !abiflags.Contains('t'))
            {
                abiflags += "t";
            }

            var info = new InterpreterInfo(
                Executable: executable,
                ImplementationName: Text("implementation_name"),
                Major: root.GetProperty("major").GetInt32(),
                Minor: root.GetProperty("minor").GetInt32(),
                FullVersion: Text("full_version"),
                Abiflags: abiflags,
                SysconfigPlatform: Text("sysconfig_platform"),
                Machine: Text("machine"),
                PointerBits: root.GetProperty("pointer_bits").GetInt32(),
                LibcName: Optional("libc_name"),
                LibcVersion: Optional("libc_version"),
                Prefix: Text("prefix"),
                BasePrefix: Text("base_prefix"),
                Scheme: new SchemePaths(Text("purelib"), Text("platlib"), Text("scripts"), Text("headers"), Text("data")),
                MarkerEnvironment: markers,
                Stdlib: Optional("stdlib"),
                PrefixScheme: root.TryGetProperty("prefix_scheme", out var prefixScheme) && prefixScheme.ValueKind == JsonValueKind.Object
                    ? new SchemePaths(PrefixPath(prefixScheme, "purelib"), PrefixPath(prefixScheme, "platlib"), PrefixPath(prefixScheme, "scripts"), PrefixPath(prefixScheme, "headers"), PrefixPath(prefixScheme, "data"))
                    : null,
                Manylinux: Optional("manylinux_module") is { } module && root.TryGetProperty("manylinux_refused", out var refused)
                    && refused.ValueKind == JsonValueKind.Array
                    ? new ManylinuxModule(module, refused.EnumerateArray().Select(version => version.GetString() ?? "").ToHashSet(StringComparer.Ordinal))
                    : null);
            return new InterpreterQueryResult(info, Text("real_executable"), Text("base_executable"), Optional("executable"));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InterpreterException($"The interpreter '{executable}' gave an answer dfi does not understand: {exception.Message}", exception);
        }
    }
}
