using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>Builds shebang lines and console/gui script launchers shaped exactly as pip 23 (distlib) writes them on POSIX.</summary>
internal static class ScriptLauncher
{
    // Linux truncates a shebang line at 127 bytes (BINPRM_BUF_SIZE was 128); macOS allows 512.
    private static readonly int MaxShebangLength = OperatingSystem.IsMacOS() ? 512 : 127;

    /// <summary>
    /// <c>#!{interpreter}\n</c>, or, when the line would be too long or the path has a space, a <c>/bin/sh</c> preamble
    /// that re-executes the script with the interpreter; Python reads the preamble as a string literal.
    /// </summary>
    public static string BuildShebang(string interpreter)
    {
        // "#!" + path + "\n" must fit.
        var simple = !interpreter.Contains(' ') && Encoding.UTF8.GetByteCount(interpreter) + 3 <= MaxShebangLength;
        if (simple)
        {
            return $"#!{interpreter}\n";
        }
        var quoted = interpreter.Contains(' ') ? $"\"{interpreter}\"" : interpreter;
        return $"#!/bin/sh\n'''exec' {quoted} \"$0\" \"$@\"\n' '''\n";
    }

    /// <summary>The launcher for an entry point: shebang, then import the object and exit with its result.</summary>
    public static byte[] BuildLauncher(EntryPoint entryPoint, string interpreter)
    {
        var script = BuildShebang(interpreter)
            + "# -*- coding: utf-8 -*-\n"
            + "import re\n"
            + "import sys\n"
            + $"from {entryPoint.Module} import {entryPoint.ImportName}\n"
            + "if __name__ == '__main__':\n"
            + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
            + $"    sys.exit({entryPoint.Attribute}())\n";
        return Encoding.UTF8.GetBytes(script);
    }

    /// <summary>True when a <c>.data/scripts</c> file asks for its shebang to be rewritten (PEP 427: <c>#!python</c>, <c>#!pythonw</c>).</summary>
    public static bool NeedsShebangRewrite(ReadOnlySpan<byte> head) => head.StartsWith("#!python"u8);

    // What the kernel reads of a script to find its interpreter (BINPRM_BUF_SIZE since Linux 5.1): a longer line fails.
    private static readonly int KernelShebangLimit = OperatingSystem.IsMacOS() ? 512 : 256;

    /// <summary>
    /// Replaces the first line of a <c>#!python</c> script with the environment's shebang, as pip writes it: the bare
    /// <c>#!{interpreter}</c>, even past distlib's 127 bytes. Only where that line could not run (a space in the path,
    /// longer than the kernel reads) is the <c>/bin/sh</c> preamble of the launchers used.
    /// </summary>
    public static byte[] RewriteShebang(ReadOnlySpan<byte> script, string interpreter)
    {
        var newline = script.IndexOf((byte)'\n');
        var rest = newline < 0 ? [] : script[(newline + 1)..];
        var runs = !interpreter.Any(char.IsWhiteSpace) && Encoding.UTF8.GetByteCount(interpreter) + 3 <= KernelShebangLimit;
        var shebang = Encoding.UTF8.GetBytes(runs ? $"#!{interpreter}\n" : BuildShebang(interpreter));
        var result = new byte[shebang.Length + rest.Length];
        shebang.CopyTo(result, 0);
        rest.CopyTo(result.AsSpan(shebang.Length));
        return result;
    }
}
