using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Build;

/// <summary>A source tree's build system: <c>pyproject.toml</c>'s <c>[build-system]</c> table (PEP 518, PEP 517) or the setuptools default.</summary>
/// <param name="Requires">What must be installed before the backend can be imported (PEP 508 requirement strings).</param>
/// <param name="BuildBackend">The backend as <c>module.path</c> or <c>module.path:object</c> (PEP 517).</param>
/// <param name="BackendPath">In-tree folders to import the backend from, relative to the source tree, as written (PEP 517).</param>
internal sealed record BuildSystem(IReadOnlyList<string> Requires, string BuildBackend, IReadOnlyList<string> BackendPath)
{
    public const string FileName = "pyproject.toml";

    /// <summary>The backend that behaves like running <c>setup.py</c> directly (PEP 517's fallback).</summary>
    public const string LegacyBackend = "setuptools.build_meta:__legacy__";

    /// <summary>
    /// pip's requirements when a tree names no build system: the first setuptools with <c>build_meta:__legacy__</c>.
    /// pip up to 23.x also required <c>wheel</c> (setuptools before 70.1 needs it for <c>bdist_wheel</c>, and says so
    /// through <c>get_requires_for_build_wheel</c>, so the backend still gets it).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultRequires = ["setuptools>=40.8.0"];

    /// <summary>The build system of a tree without <c>pyproject.toml</c> or without a <c>[build-system]</c> table.</summary>
    public static BuildSystem Default { get; } = new(DefaultRequires, LegacyBackend, []);

    /// <summary>The backend's module, before any <c>:object</c>.</summary>
    public string BackendModule => BuildBackend.Split(':', 2)[0];

    /// <summary>Reads <c>pyproject.toml</c> in <paramref name="sourceDirectory"/>, falling back to <see cref="Default"/>.</summary>
    public static BuildSystem Read(string sourceDirectory)
    {
        var path = Path.Combine(sourceDirectory, FileName);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Default;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new BuildException($"Cannot read {path}: {exception.Message}", exception);
        }
        return Parse(text, sourceDirectory, path);
    }

    /// <summary>Reads the <c>[build-system]</c> table from <paramref name="text"/>; <paramref name="fileLabel"/> names the file in errors.</summary>
    internal static BuildSystem Parse(string text, string sourceDirectory, string fileLabel)
    {
        object? tableValue;
        try
        {
            tableValue = TomlTopLevelTable.Read(text, fileLabel, "build-system");
        }
        catch (FormatException exception)
        {
            throw new BuildException(exception.Message, exception);
        }
        if (tableValue is null)
        {
            // PEP 518: a pyproject.toml without [build-system] is built as if it had none at all.
            return Default;
        }
        if (tableValue is not Dictionary<string, object> table)
        {
            throw new BuildException($"{fileLabel}: 'build-system' must be a table.");
        }

        // PEP 518: once the table exists, 'requires' is mandatory.
        if (!table.TryGetValue("requires", out var requiresValue))
        {
            throw new BuildException($"{fileLabel}: [build-system] has no 'requires' key, which PEP 518 makes mandatory.");
        }
        var requires = StringList(requiresValue, "requires", fileLabel);
        foreach (var requirement in requires)
        {
            if (!Requirement.TryParse(requirement, out _))
            {
                throw new BuildException($"{fileLabel}: [build-system] requires '{requirement}', which is not a valid PEP 508 requirement.");
            }
        }

        var backend = LegacyBackend;
        if (table.TryGetValue("build-backend", out var backendValue))
        {
            backend = backendValue as string ?? throw new BuildException($"{fileLabel}: [build-system] 'build-backend' must be a string.");
            if (!IsBackendReference(backend))
            {
                throw new BuildException($"{fileLabel}: [build-system] build-backend '{backend}' is not of the form 'module.path' or 'module.path:object'.");
            }
        }

        IReadOnlyList<string> backendPath = [];
        if (table.TryGetValue("backend-path", out var pathValue))
        {
            backendPath = StringList(pathValue, "backend-path", fileLabel);
            foreach (var entry in backendPath)
            {
                CheckInsideTree(sourceDirectory, entry, fileLabel);
            }
        }
        return new BuildSystem(requires, backend, backendPath);
    }

    /// <summary>Absolute folders of <see cref="BackendPath"/> for a tree at <paramref name="sourceDirectory"/>.</summary>
    public IReadOnlyList<string> ResolveBackendPath(string sourceDirectory) =>
        [.. BackendPath.Select(entry => Path.GetFullPath(Path.Combine(sourceDirectory, entry)))];

    private static List<string> StringList(object value, string key, string fileLabel) =>
        value is List<object> items && items.All(item => item is string)
            ? [.. items.Cast<string>()]
            : throw new BuildException($"{fileLabel}: [build-system] '{key}' must be a list of strings.");

    private static bool IsBackendReference(string backend)
    {
        var parts = backend.Split(':');
        return parts.Length is 1 or 2 && parts.All(part => part.Length > 0 && part.Split('.').All(IsIdentifier));
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => c == '_' || char.IsLetterOrDigit(c));

    /// <summary>PEP 517: backend-path entries must stay in the source tree once relative parts and symbolic links are resolved.</summary>
    private static void CheckInsideTree(string sourceDirectory, string entry, string fileLabel)
    {
        var root = RealPath.Of(Path.GetFullPath(sourceDirectory));
        var target = RealPath.Of(Path.GetFullPath(Path.Combine(root, entry)));
        var relative = Path.GetRelativePath(root, target);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BuildException($"{fileLabel}: [build-system] backend-path '{entry}' points outside the source tree, which PEP 517 forbids.");
        }
    }
}
