namespace Dataflow.Installer.Requirements;

/// <summary>Reads pip's requirements-file format: continuations, comments, <c>${VAR}</c>s, options, <c>-r</c>/<c>-c</c>
/// includes and per-requirement <c>--hash</c>es. Requirement specifiers are passed on as text, not parsed.</summary>
/// <remarks>Relative paths of requirement lines are tried next to the requirements file first, then against the
/// current directory (pip uses only the latter; a file beside the requirements file is almost always what was meant).</remarks>
internal sealed class RequirementsFileReader
{
    /// <summary>The file name that means standard input (<c>dfi sync -</c>, as <c>uv pip sync -</c>).</summary>
    public const string StandardInputName = "-";

    // How a requirement read from standard input is located in messages.
    private const string StandardInputLocation = "<stdin>";

    private readonly Func<string, string?> _environment;
    private readonly string _currentDirectory;
    private readonly Func<TextReader> _standardInput;
    private bool _standardInputRead;

    /// <param name="environment">Looks up <c>${VAR}</c>s; the process environment by default.</param>
    /// <param name="currentDirectory">Resolves relative paths given by the user; the process's by default.</param>
    /// <param name="standardInput">What <c>-</c> reads; the process's standard input by default.</param>
    public RequirementsFileReader(Func<string, string?>? environment = null, string? currentDirectory = null, Func<TextReader>? standardInput = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _currentDirectory = Path.GetFullPath(currentDirectory ?? Environment.CurrentDirectory);
        _standardInput = standardInput ?? (() => Console.In);
    }

    /// <exception cref="RequirementsFileException">The file, or one it includes, cannot be read or understood.</exception>
    public Task<RequirementsFile> ReadAsync(string path, CancellationToken cancellationToken) =>
        ReadAsync([path], cancellationToken);

    /// <summary>Reads several files in order into one result, as pip does for several <c>-r</c> arguments.</summary>
    /// <exception cref="RequirementsFileException">A file, or one it includes, cannot be read or understood.</exception>
    public Task<RequirementsFile> ReadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        ReadAsync(paths, [], cancellationToken);

    /// <summary>As <see cref="ReadAsync(IReadOnlyList{string}, CancellationToken)"/>, then <paramref name="constraintPaths"/> as if each were a <c>-c</c> line (pip's <c>-c</c> on its command line).</summary>
    /// <exception cref="RequirementsFileException">A file, or one it includes, cannot be read or understood.</exception>
    public async Task<RequirementsFile> ReadAsync(IReadOnlyList<string> paths, IReadOnlyList<string> constraintPaths, CancellationToken cancellationToken)
    {
        var builder = new RequirementsFileBuilder();
        foreach (var path in paths)
        {
            await ReadFileAsync(path, includedAt: null, constraint: false, builder, [], cancellationToken);
        }
        foreach (var path in constraintPaths)
        {
            await ReadFileAsync(path, includedAt: null, constraint: true, builder, [], cancellationToken);
        }
        return builder.Build();
    }

    /// <summary>Reads requirements from text that claims to be the file at <paramref name="path"/>; its includes are read from disk.</summary>
    /// <exception cref="RequirementsFileException">The text, or a file it includes, cannot be read or understood.</exception>
    public async Task<RequirementsFile> ParseAsync(string content, string path, CancellationToken cancellationToken)
    {
        var builder = new RequirementsFileBuilder();
        await ParseContentAsync(content, path, constraint: false, builder, [], cancellationToken);
        return builder.Build();
    }

    private async Task ReadFileAsync(
        string path, SourceLocation? includedAt, bool constraint, RequirementsFileBuilder builder, List<string> including,
        CancellationToken cancellationToken)
    {
        if (path == StandardInputName && includedAt is null)
        {
            if (_standardInputRead)
            {
                throw new RequirementsFileException(new SourceLocation(StandardInputLocation, 0), "standard input (-) can be read only once");
            }
            _standardInputRead = true;
            // Named as if it were a file in the current directory: relative paths in it are that directory's.
            var text = await _standardInput().ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await ParseContentAsync(text, StandardInputLocation, constraint, builder, including, cancellationToken);
            return;
        }
        var fullPath = Path.GetFullPath(path, _currentDirectory);
        var at = includedAt ?? new SourceLocation(path, 0);
        if (including.Contains(fullPath, StringComparer.Ordinal))
        {
            throw new RequirementsFileException(at, $"requirements file '{path}' includes itself through -r/-c");
        }
        string content;
        try
        {
            // Read synchronously: a requirements file is small and local, and .NET's asynchronous file reads on Linux are a
            // hop to the thread pool, whose first worker a no-op sync would otherwise start just for this (~1 ms).
            content = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            var problem = includedAt is null
                ? $"could not open requirements file: {reason}"
                : $"could not open requirements file '{path}': {reason}";
            throw new RequirementsFileException(at, problem, e);
        }
        await ParseContentAsync(content, path, constraint, builder, including, cancellationToken);
    }

    private async Task ParseContentAsync(
        string content, string path, bool constraint, RequirementsFileBuilder builder, List<string> including,
        CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path, _currentDirectory);
        var folder = Path.GetDirectoryName(fullPath) ?? _currentDirectory;
        including.Add(fullPath);
        foreach (var line in LogicalLineReader.Read(content, _environment))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = new SourceLocation(path, line.Number);
            var (requirement, options) = ParseLine(line.Text, location);
            if (requirement.Length > 0)
            {
                builder.Add(ReadRequirement(requirement, options, location, folder, builder), constraint);
                continue;
            }
            foreach (var option in options)
            {
                switch (option.Option)
                {
                    case RequirementsOption.Requirement or RequirementsOption.Constraint:
                        // As in pip, '-r' inside a constraints file still names requirements.
                        var included = IncludedPath(option.Value!, path, location);
                        await ReadFileAsync(
                            included, location, option.Option == RequirementsOption.Constraint, builder, including, cancellationToken);
                        break;
                    case RequirementsOption.Hash:
                        throw new RequirementsFileException(location, "'--hash' needs a requirement on the same line");
                    case RequirementsOption.Editable when constraint:
                        throw new RequirementsFileException(location, $"editable requirements are not allowed as constraints ('{option.Spelling} {option.Value}')");
                    case RequirementsOption.Editable:
                        builder.Add(ReadEditable(option.Value!, location, folder) with { ConfigSettings = LineSettings(options) }, constraint: false);
                        break;
                    case RequirementsOption.ConfigSettings when !options.Any(other => other.Option == RequirementsOption.Editable):
                        throw new RequirementsFileException(location,
                            $"'{option.Spelling}' in a requirements file applies to the requirement on its line, and this line has none (-C on the command line applies to every build)");
                    case RequirementsOption.ConfigSettings:
                        break;
                    default:
                        Apply(builder, option, location, folder);
                        break;
                }
            }
        }
        including.RemoveAt(including.Count - 1);
    }

    private static (string Requirement, IReadOnlyList<ParsedOption> Options) ParseLine(string text, SourceLocation location)
    {
        var (requirement, optionText) = OptionTokenizer.SplitRequirementAndOptions(text);
        IReadOnlyList<ParsedOption> options;
        try
        {
            IReadOnlyList<string> words;
            try
            {
                words = OptionTokenizer.SplitWords(optionText);
            }
            catch (FormatException e)
            {
                throw new FormatException($"could not split options '{optionText}': {e.Message}", e);
            }
            options = OptionParser.Parse(words);
        }
        catch (FormatException e)
        {
            throw new RequirementsFileException(location, e.Message, e);
        }
        foreach (var option in options)
        {
            switch (option.Option)
            {
                case RequirementsOption.GlobalOption:
                    throw new RequirementsFileException(location, $"option '{option.Spelling}' is not supported");
                case RequirementsOption.ConfigSettings when option.Value!.IndexOf('=') <= 0:
                    throw new RequirementsFileException(location, $"'{option.Spelling} {option.Value}' is not KEY=VALUE");
            }
        }
        return (requirement, options);
    }

    private RequirementLine ReadRequirement(
        string requirement, IReadOnlyList<ParsedOption> options, SourceLocation location, string folder, RequirementsFileBuilder builder)
    {
        var hashes = new List<string>();
        var settings = new List<string>();
        foreach (var option in options)
        {
            if (option.Option == RequirementsOption.Hash)
            {
                hashes.Add(Guard(location, () => HashOption.Normalize(option.Value!)));
            }
            else if (option.Option == RequirementsOption.ConfigSettings)
            {
                settings.Add(option.Value!);
            }
            else
            {
                // pip applies only per-requirement options on a requirement line and silently ignores the rest.
                builder.Warn(location, $"option '{option.Spelling}' has no effect on a requirement line and is ignored");
            }
        }
        var classification = Guard(location, () => RequirementClassifier.Classify(requirement, folder, _currentDirectory));
        if (classification.Warning is { } warning)
        {
            builder.Warn(location, warning);
        }
        return new RequirementLine(
            requirement, classification.Kind, hashes, location,
            classification.PathOrUrl, classification.Extras, classification.Marker, ProjectName: classification.ProjectName, ConfigSettings: settings);
    }

    private RequirementLine ReadEditable(string value, SourceLocation location, string folder)
    {
        var classification = Guard(location, () => RequirementClassifier.ClassifyEditable(value, folder, _currentDirectory));
        return new RequirementLine(
            value, classification.Kind, [], location, classification.PathOrUrl, classification.Extras,
            Editable: true, ProjectName: classification.ProjectName);
    }

    private static List<string> LineSettings(IReadOnlyList<ParsedOption> options) =>
        [.. options.Where(option => option.Option == RequirementsOption.ConfigSettings).Select(option => option.Value!)];

    private static void Apply(RequirementsFileBuilder builder, ParsedOption option, SourceLocation location, string folder) =>
        Guard(location, () =>
        {
            builder.Apply(option, location, folder);
            return true;
        });

    /// <summary>Where an included file is, as the user would spell it: relative to the including file's folder.</summary>
    private static string IncludedPath(string value, string includingPath, SourceLocation location)
    {
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequirementsFileException(location, $"remote requirements files are not supported yet: '{value}'");
        }
        if (value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.IsFile
                ? uri.LocalPath
                : throw new RequirementsFileException(location, $"'{value}' is not a valid file URL");
        }
        return Path.IsPathRooted(value) ? value : Path.Join(Path.GetDirectoryName(includingPath), value);
    }

    private static T Guard<T>(SourceLocation location, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (FormatException e)
        {
            throw new RequirementsFileException(location, e.Message, e);
        }
    }
}
