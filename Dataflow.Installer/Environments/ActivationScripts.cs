using System.Text;
using System.Text.RegularExpressions;

namespace Dataflow.Installer.Environments;

/// <summary>
/// The <c>activate</c> scripts of a new environment, rendered from the base interpreter's own <c>venv</c> templates
/// (<c>lib/pythonX.Y/venv/scripts/{common,posix}</c>) as that Python's <c>python -m venv</c> renders them: bash/zsh,
/// csh, fish and PowerShell, the same bytes.
/// </summary>
internal static partial class ActivationScripts
{
    /// <summary>Writes the scripts into <paramref name="bin"/>; false when the interpreter has no templates (then nothing is written).</summary>
    /// <param name="bin">The environment's <c>bin</c> folder.</param>
    /// <param name="root">The environment's absolute path.</param>
    /// <param name="prompt">The prompt as given (or the folder's name).</param>
    /// <param name="info">The base interpreter.</param>
    /// <param name="baseExecutable">The base interpreter's executable (what <c>__VENV_PYTHON__</c> is named after).</param>
    public static bool TryWrite(string bin, string root, string prompt, InterpreterInfo info, string baseExecutable)
    {
        if (FindTemplates(info) is not { } templates)
        {
            return false;
        }
        var common = Path.Combine(templates, "common");
        // The fix of CVE-2024-9287 (gh-124651) took the quotes out of the templates and quotes each value instead:
        // which of the two a Python does shows in its own template.
        var quoted = !File.ReadAllText(Path.Combine(common, "activate")).Contains("\"__VENV_DIR__\"", StringComparison.Ordinal);
        // In venv's order: a value holding a later placeholder's name is replaced again, as str.replace does there.
        (string Placeholder, string Value)[] values =
        [
            ("__VENV_DIR__", root),
            ("__VENV_NAME__", Path.GetFileName(root)),
            // Python 3.13 put the parentheses into the templates themselves.
            ("__VENV_PROMPT__", (info.Major, info.Minor).CompareTo((3, 13)) >= 0 ? prompt : $"({prompt}) "),
            ("__VENV_BIN_NAME__", "bin"),
            ("__VENV_PYTHON__", Path.Combine(bin, Path.GetFileName(baseExecutable))),
        ];
        foreach (var folder in new[] { common, Path.Combine(templates, "posix") }.Where(Directory.Exists))
        {
            foreach (var template in Directory.EnumerateFiles(folder))
            {
                var target = Path.Combine(bin, Path.GetFileName(template));
                var bytes = File.ReadAllBytes(template);
                if (TryDecode(bytes) is { } text)
                {
                    bytes = Encoding.UTF8.GetBytes(Render(text, values, quoted ? QuoterFor(template) : null));
                }
                File.WriteAllBytes(target, bytes);
                if (!OperatingSystem.IsWindows())
                {
                    // As venv's shutil.copymode.
                    File.SetUnixFileMode(target, File.GetUnixFileMode(template));
                }
            }
        }
        return true;
    }

    // Where CPython (and PyPy, which keeps CPython's standard library in lib-python) keep the venv module.
    private static string? FindTemplates(InterpreterInfo info)
    {
        string[] candidates =
        [
            Path.Combine(info.BasePrefix, "lib", $"python{info.Major}.{info.Minor}", "venv", "scripts"),
            Path.Combine(info.BasePrefix, "lib", $"pypy{info.Major}.{info.Minor}", "venv", "scripts"),
            Path.Combine(info.BasePrefix, "lib-python", $"{info.Major}", "venv", "scripts"),
        ];
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "common", "activate")));
    }

    // venv installs a template it cannot decode as UTF-8 as it is.
    private static string? TryDecode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Render(string text, (string Placeholder, string Value)[] values, Func<string, string>? quote)
    {
        foreach (var (placeholder, value) in values)
        {
            text = text.Replace(placeholder, quote is null ? value : quote(value), StringComparison.Ordinal);
        }
        return text;
    }

    private static Func<string, string> QuoterFor(string template) =>
        template.EndsWith(".ps1", StringComparison.Ordinal) ? QuotePowerShell
        : template.EndsWith(".bat", StringComparison.Ordinal) ? value => value
        : QuotePosix;

    private static string QuotePowerShell(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Python's shlex.quote.
    private static string QuotePosix(string value) =>
        value.Length == 0 ? "''"
        : !ShellUnsafe().IsMatch(value) ? value
        : "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"[^\w@%+=:,./-]", RegexOptions.ECMAScript)]
    private static partial Regex ShellUnsafe();
}
