namespace Dataflow.Installer.Requirements;

/// <summary>Accumulates what the lines of one or more requirements files say, merging as pip does.</summary>
internal sealed class RequirementsFileBuilder
{
    private readonly List<RequirementLine> _requirements = [];
    private readonly List<RequirementLine> _constraints = [];
    private readonly List<string> _extraIndexUrls = [];
    private readonly List<string> _findLinks = [];
    private readonly List<string> _trustedHosts = [];
    private readonly List<string> _warnings = [];
    private string? _indexUrl;
    private bool _noIndex;
    private bool _pre;
    private bool _preferBinary;
    private bool _requireHashes;
    private BinaryFormatControl _binaryFormats = BinaryFormatControl.None;

    public void Add(RequirementLine line, bool constraint) => (constraint ? _constraints : _requirements).Add(line);

    public void Warn(SourceLocation location, string warning) => _warnings.Add($"{location}: {warning}");

    /// <summary>Applies an option of an option-only line; includes and per-requirement options are handled by the reader.</summary>
    /// <exception cref="FormatException">A bad <c>--no-binary</c>/<c>--only-binary</c> or <c>--trusted-host</c> value.</exception>
    public void Apply(ParsedOption option, SourceLocation location, string requirementsFolder)
    {
        var value = option.Value ?? "";
        switch (option.Option)
        {
            case RequirementsOption.IndexUrl:
                // The last one wins, in a file as on pip's command line.
                _indexUrl = value;
                break;
            case RequirementsOption.ExtraIndexUrl:
                AddOnce(_extraIndexUrls, value);
                break;
            case RequirementsOption.NoIndex:
                _noIndex = true;
                break;
            case RequirementsOption.FindLinks:
                AddOnce(_findLinks, ResolveFindLinks(value, requirementsFolder));
                break;
            case RequirementsOption.NoBinary or RequirementsOption.OnlyBinary:
                if (value.StartsWith('-'))
                {
                    throw new FormatException($"option '{option.Spelling}' requires a value");
                }
                _binaryFormats = _binaryFormats.With(value, onlyBinary: option.Option == RequirementsOption.OnlyBinary);
                break;
            case RequirementsOption.PreferBinary:
                _preferBinary = true;
                break;
            case RequirementsOption.RequireHashes:
                _requireHashes = true;
                break;
            case RequirementsOption.Pre:
                _pre = true;
                break;
            case RequirementsOption.TrustedHost:
                Download.TrustedHost.Parse(value);
                AddOnce(_trustedHosts, value);
                break;
            case RequirementsOption.UseFeature:
                Warn(location, $"'--use-feature={value}' is a pip feature flag and is ignored");
                break;
            default:
                throw new InvalidOperationException($"{option.Spelling} is not a file-level option.");
        }
    }

    public RequirementsFile Build() => new(
        _requirements.ToArray(),
        _constraints.ToArray(),
        _indexUrl,
        _extraIndexUrls.ToArray(),
        _findLinks.ToArray(),
        _noIndex,
        _pre,
        _preferBinary,
        _requireHashes,
        _trustedHosts.ToArray(),
        _binaryFormats,
        _warnings.ToArray());

    /// <summary>pip tries a relative find-links path next to the requirements file first and otherwise keeps it as written
    /// (so relative to the current directory); URLs are kept.</summary>
    private static string ResolveFindLinks(string value, string requirementsFolder)
    {
        if (value.Contains("://", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }
        var besideFile = Path.GetFullPath(value, requirementsFolder);
        return Directory.Exists(besideFile) || File.Exists(besideFile) ? besideFile : value;
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }
}
