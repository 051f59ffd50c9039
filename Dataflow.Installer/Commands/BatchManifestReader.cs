using Dataflow.Installer.Standards;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Reads a batch manifest with Tomlyn's syntax tree (not its object model), so that every error can name
/// the line it is about: <c>[[environment]]</c> tables with one of <c>path</c> (a venv), <c>target</c> or <c>prefix</c>
/// (folders, as <c>sync --target</c> and <c>--prefix</c> fill them), <c>requirements</c>, and optional <c>python</c>,
/// <c>index-url</c>, <c>extra-index-url</c>, <c>find-links</c>, <c>no-index</c>; a <c>target</c> also takes pip's
/// <c>platform</c>, <c>python-version</c>, <c>implementation</c>, <c>abi</c> and uv's <c>python-platform</c>.
/// </summary>
internal static class BatchManifestReader
{
    private static readonly string[] FolderKeys = ["path", "target", "prefix"];

    // The interpreter a target's files are for, as the sync options of the same names choose it.
    private static readonly string[] ForeignKeys = ["python-version", "implementation", "platform", "python-platform", "abi"];

    private static readonly HashSet<string> Keys =
        [.. FolderKeys, "requirements", "python", "index-url", "extra-index-url", "find-links", "no-index", .. ForeignKeys];

    public static IReadOnlyList<ManifestEnvironment> Read(string manifestPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(manifestPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"{manifestPath}: cannot be read: {exception.Message}");
        }
        return Parse(text, manifestPath);
    }

    public static IReadOnlyList<ManifestEnvironment> Parse(string text, string manifestPath)
    {
        var document = SyntaxParser.Parse(text, manifestPath, validate: true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(message => message.Kind == DiagnosticMessageKind.Error);
            throw new ManifestException($"{manifestPath}:{first.Span.Start.Line + 1}: {first.Message}");
        }
        if (document.KeyValues.FirstOrDefault() is { } stray)
        {
            throw Error(manifestPath, stray, $"unexpected top-level key '{TomlKeys.Text(stray.Key!)}'; environments go in [[environment]] tables");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var environments = new List<ManifestEnvironment>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in document.Tables)
        {
            var name = TomlKeys.Text(table.Name!);
            if (table is not TableArraySyntax || name != "environment")
            {
                throw Error(manifestPath, table, $"unexpected table '{name}'; the manifest holds [[environment]] tables only");
            }
            var environment = ReadEnvironment(table, folder, manifestPath);
            if (seen.TryGetValue(environment.Path, out var earlier))
            {
                throw Error(manifestPath, table, $"the environment '{environment.Path}' is already listed at line {earlier}");
            }
            seen[environment.Path] = environment.Line;
            environments.Add(environment);
        }
        if (environments.Count == 0)
        {
            throw new ManifestException($"{manifestPath}: no [[environment]] tables");
        }
        return environments;
    }

    private static ManifestEnvironment ReadEnvironment(TableSyntaxBase table, string folder, string manifestPath)
    {
        var values = new Dictionary<string, KeyValueSyntax>(StringComparer.Ordinal);
        foreach (var item in table.Items)
        {
            var key = TomlKeys.Text(item.Key!);
            if (!Keys.Contains(key))
            {
                throw Error(manifestPath, item, $"unknown key '{key}' (expected one of: {string.Join(", ", Keys)})");
            }
            values[key] = item;
        }
        var line = table.Span.Start.Line + 1;
        var folders = FolderKeys.Where(values.ContainsKey).ToList();
        if (folders.Count == 0)
        {
            throw new ManifestException($"{manifestPath}:{line}: this [[environment]] has no 'path' (or 'target' or 'prefix')");
        }
        if (folders.Count > 1)
        {
            throw Error(manifestPath, values[folders[1]], $"this [[environment]] has both '{folders[0]}' and '{folders[1]}': one folder each");
        }
        var pathItem = values[folders[0]];
        var kind = folders[0] switch
        {
            "target" => ManifestEnvironmentKind.Target,
            "prefix" => ManifestEnvironmentKind.Prefix,
            _ => ManifestEnvironmentKind.VirtualEnvironment,
        };
        var foreign = ReadForeign(values, kind, manifestPath);
        if (!values.TryGetValue("requirements", out var requirementsItem))
        {
            throw new ManifestException($"{manifestPath}:{line}: this [[environment]] has no 'requirements'");
        }
        var requirements = Strings(requirementsItem, manifestPath).Select(file => Path.GetFullPath(file, folder)).ToList();
        if (requirements.Count == 0)
        {
            throw Error(manifestPath, requirementsItem, "'requirements' lists no file");
        }
        var python = values.TryGetValue("python", out var pythonItem) ? String(pythonItem, manifestPath) : null;
        if (python is not null && python.Contains('/'))
        {
            python = Path.GetFullPath(python, folder);
        }
        return new ManifestEnvironment(
            Path.GetFullPath(String(pathItem, manifestPath), folder),
            requirements,
            python,
            values.TryGetValue("index-url", out var index) ? String(index, manifestPath) : null,
            values.TryGetValue("extra-index-url", out var extra) ? Strings(extra, manifestPath) : [],
            values.TryGetValue("find-links", out var links) ? Strings(links, manifestPath).Select(link => IsUrl(link) ? link : Path.GetFullPath(link, folder)).ToList() : [],
            values.TryGetValue("no-index", out var noIndex) && Boolean(noIndex, manifestPath),
            line,
            kind,
            foreign);
    }

    private static Environments.ForeignInterpreter? ReadForeign(Dictionary<string, KeyValueSyntax> values, ManifestEnvironmentKind kind, string manifestPath)
    {
        if (ForeignKeys.FirstOrDefault(values.ContainsKey) is not { } first)
        {
            return null;
        }
        if (kind != ManifestEnvironmentKind.Target)
        {
            // As sync: files for another interpreter never go where an interpreter runs them.
            throw Error(manifestPath, values[first], $"'{first}' chooses files for another interpreter: only a 'target' environment takes it");
        }
        string? Optional(string key) => values.TryGetValue(key, out var item) ? String(item, manifestPath) : null;
        IReadOnlyList<string> List(string key) => values.TryGetValue(key, out var item) ? Strings(item, manifestPath) : [];
        try
        {
            return Environments.ForeignInterpreter.From(Optional("python-version"), Optional("implementation"), List("platform"), List("abi"), Optional("python-platform"));
        }
        catch (ArgumentException exception)
        {
            throw Error(manifestPath, values[first], exception.Message);
        }
    }

    private static bool IsUrl(string text) => text.Contains("://", StringComparison.Ordinal);

    private static string String(KeyValueSyntax item, string manifestPath) =>
        item.Value is StringValueSyntax text ? text.Value ?? "" : throw Error(manifestPath, item, $"'{TomlKeys.Text(item.Key!)}' must be a string");

    private static bool Boolean(KeyValueSyntax item, string manifestPath) =>
        item.Value is BooleanValueSyntax value ? value.Value : throw Error(manifestPath, item, $"'{TomlKeys.Text(item.Key!)}' must be true or false");

    // A single string is accepted where a list is expected: `requirements = "a.txt"` reads as naturally as a list of one.
    private static IReadOnlyList<string> Strings(KeyValueSyntax item, string manifestPath)
    {
        if (item.Value is StringValueSyntax single)
        {
            return [single.Value ?? ""];
        }
        if (item.Value is ArraySyntax array)
        {
            var result = new List<string>();
            foreach (var element in array.Items)
            {
                result.Add(element.Value is StringValueSyntax text ? text.Value ?? "" : throw Error(manifestPath, item, $"'{TomlKeys.Text(item.Key!)}' must list strings"));
            }
            return result;
        }
        throw Error(manifestPath, item, $"'{TomlKeys.Text(item.Key!)}' must be a string or a list of strings");
    }

    private static ManifestException Error(string manifestPath, SyntaxNode node, string problem) =>
        new($"{manifestPath}:{node.Span.Start.Line + 1}: {problem}");
}
