using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// pip's rule for the console scripts of pip and (old) setuptools: their wheels are universal, but their build wrote
/// scripts named after the building interpreter (<c>pip3.9</c>, <c>easy_install-3.6</c>). pip drops those and writes
/// the names for the interpreter it installs into, so a pip wheel installed on 3.11 gives <c>pip</c>, <c>pip3</c> and
/// <c>pip3.11</c> whichever Python built it. Without this an environment from <c>pip==23.0.1</c> would have
/// <c>bin/pip3.9</c> where pip's has <c>bin/pip3.11</c>.
/// </summary>
/// <remarks>Any distribution with a console script named exactly <c>pip</c> or <c>easy_install</c> gets the rule, as
/// with pip. pip's <c>ENSUREPIP_OPTIONS</c> (set only by <c>ensurepip</c> for its own pip run) is not read.</remarks>
internal static class VersionedScripts
{
    /// <summary>The console scripts to write for an interpreter of the given version, in the order pip writes them.</summary>
    public static IReadOnlyList<EntryPoint> ForInterpreter(IReadOnlyList<EntryPoint> consoleScripts, int major, int minor)
    {
        var pip = consoleScripts.FirstOrDefault(script => script.Name == "pip");
        var easyInstall = consoleScripts.FirstOrDefault(script => script.Name == "easy_install");
        if (pip is null && easyInstall is null)
        {
            return consoleScripts;
        }
        var result = new List<EntryPoint>(consoleScripts.Count + 3);
        if (pip is not null)
        {
            result.Add(pip);
            result.Add(pip with { Name = $"pip{major}" });
            result.Add(pip with { Name = $"pip{major}.{minor}" });
        }
        if (easyInstall is not null)
        {
            result.Add(easyInstall);
            result.Add(easyInstall with { Name = $"easy_install-{major}.{minor}" });
        }
        foreach (var script in consoleScripts)
        {
            var replaced = (pip is not null && IsPipName(script.Name)) || (easyInstall is not null && IsEasyInstallName(script.Name));
            if (!replaced)
            {
                result.Add(script);
            }
        }
        return result;
    }

    /// <summary><c>pip</c>, <c>pipN</c> or <c>pipN.N</c>.</summary>
    internal static bool IsPipName(string name) =>
        name.StartsWith("pip", StringComparison.Ordinal) && IsOptionalVersion(name.AsSpan(3), separator: null);

    /// <summary><c>easy_install</c> or <c>easy_install-N.N</c>.</summary>
    internal static bool IsEasyInstallName(string name) =>
        name.StartsWith("easy_install", StringComparison.Ordinal) && IsOptionalVersion(name.AsSpan("easy_install".Length), separator: '-');

    // What pip matches with `(\d+(\.\d+)?)?$` after "pip" and `(-\d+\.\d+)?$` after "easy_install"; Python's \d is any
    // Unicode decimal digit, as char.IsDigit is.
    private static bool IsOptionalVersion(ReadOnlySpan<char> rest, char? separator)
    {
        if (rest.IsEmpty)
        {
            return true;
        }
        if (separator is { } required)
        {
            if (rest[0] != required)
            {
                return false;
            }
            rest = rest[1..];
        }
        var major = LeadingDigits(rest);
        if (major == 0)
        {
            return false;
        }
        rest = rest[major..];
        if (rest.IsEmpty)
        {
            // "pip3" is a versioned pip name; "easy_install-3" is not (its version needs the minor part).
            return separator is null;
        }
        if (rest[0] != '.')
        {
            return false;
        }
        rest = rest[1..];
        var minor = LeadingDigits(rest);
        return minor > 0 && minor == rest.Length;
    }

    private static int LeadingDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsDigit(text[count]))
        {
            count++;
        }
        return count;
    }
}
