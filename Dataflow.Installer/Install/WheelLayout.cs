using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Install;

/// <summary>
/// Maps an archive member to where it is installed (PEP 427 "Spread"): root files to purelib or platlib,
/// <c>{name}-{version}.data/{scheme}/...</c> to that scheme, refusing anything that escapes its folder.
/// </summary>
internal sealed class WheelLayout
{
    private readonly string _wheelName;
    private readonly string _wheelDirectory;
    private readonly string _libDirectory;
    private readonly SchemePaths _scheme;

    public WheelLayout(string wheelName, string wheelDirectory, string libDirectory, SchemePaths scheme)
    {
        _wheelName = wheelName;
        _wheelDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(wheelDirectory));
        _libDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(libDirectory));
        _scheme = scheme;
    }

    /// <summary>Resolves a member (forward-slash path relative to the wheel's root).</summary>
    public WheelPlacement Resolve(string member)
    {
        if (member.Length == 0 || member[0] == '/' || Path.IsPathRooted(member) || member.Contains('\0'))
        {
            throw Outside(member, _libDirectory);
        }
        // A member with no "." or ".." segment and no empty one (nearly all) is used as it is; the rest are normalised and checked.
        var plain = PlainPath.IsPlain(member);
        var sourceRelative = member;
        if (!plain)
        {
            var source = Path.GetFullPath(Path.Combine(_wheelDirectory, member));
            if (!IsWithin(_wheelDirectory, source))
            {
                throw Outside(member, _wheelDirectory);
            }
            sourceRelative = source[(_wheelDirectory.Length + 1)..];
        }

        var slash = member.IndexOf('/');
        var first = slash < 0 ? member : member[..slash];
        // pip treats any top-level "*.data" folder as the data directory, not only "{name}-{version}.data".
        if (slash < 0 || !first.EndsWith(".data", StringComparison.Ordinal))
        {
            return new WheelPlacement(member, _wheelDirectory, sourceRelative, plain ? string.Concat(_libDirectory, "/", member) : Within(_libDirectory, member), IsScript: false);
        }

        var parts = member.Split('/', 3);
        if (parts.Length < 3 || parts[2].Length == 0)
        {
            throw new InstallationException(
                $"Unexpected file in {_wheelName}: '{member}'. .data directory contents should be named like: '<scheme key>/<path>'.");
        }
        var root = parts[1] switch
        {
            "purelib" => _scheme.Purelib,
            "platlib" => _scheme.Platlib,
            "scripts" => _scheme.Scripts,
            "headers" => _scheme.Headers,
            "data" => _scheme.Data,
            _ => throw new InstallationException(
                $"Unknown scheme key used in {_wheelName}: {parts[1]} (for file '{member}'). .data directory contents " +
                "should be in subdirectories named with a valid scheme key (data, headers, platlib, purelib, scripts)."),
        };
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return new WheelPlacement(member, _wheelDirectory, sourceRelative, Within(root, parts[2]), IsScript: parts[1] == "scripts");
    }

    private string Within(string root, string relative)
    {
        var target = Path.GetFullPath(Path.Combine(root, relative));
        if (!IsWithin(root, target))
        {
            throw Outside(relative, root);
        }
        return target;
    }

    private static bool IsWithin(string root, string path) =>
        path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/';

    private InstallationException Outside(string member, string root) =>
        new($"The wheel {_wheelName} has a file '{member}' trying to install outside the target directory '{root}'.");
}
