namespace Dataflow.Installer.Install;

/// <summary>
/// The Python side of a bytecode worker, run as <c>python -I -c Source</c>: it first answers <c>ready CACHE_TAG</c>,
/// then reads source paths from stdin, one per line, and answers each on stdout with <c>ok</c> or <c>error MESSAGE</c>,
/// until stdin ends. Standard library only; Python 3.7 and later (PEP 552's invalidation modes).
/// </summary>
internal static class BytecodeWorkerScript
{
    /// <summary>The first line a worker prints; the rest of the line is <c>sys.implementation.cache_tag</c>.</summary>
    public const string ReadyPrefix = "ready ";

    public const string Ok = "ok";

    public const string ErrorPrefix = "error ";

    // pip compiles through compileall.compile_file(force=True), which leaves the invalidation mode to py_compile: with
    // SOURCE_DATE_EPOCH set, CHECKED_HASH (reproducible builds, PEP 552), otherwise TIMESTAMP. The mode is chosen here
    // the same way. Warnings (SyntaxWarning for odd escapes) are ignored as pip ignores them, and the optimisation
    // level is the interpreter's own (none under -I), so each file gets exactly one __pycache__/NAME.TAG.pyc.
    public const string Source = """
import importlib.util
import os
import py_compile
import sys
import warnings


def main():
    # A .pyc marks each string that was interned when it was written, and pip compiles inside its own process, where
    # what pip imported has interned "{" and "}" before Python 3.12 (from 3.13 every one-character string is interned
    # at start): interned here too, so that the .pyc files are pip's, byte for byte.
    if sys.version_info < (3, 12):
        sys.intern("{")
        sys.intern("}")
    warnings.simplefilter("ignore")
    if os.environ.get("SOURCE_DATE_EPOCH"):
        mode = py_compile.PycInvalidationMode.CHECKED_HASH
    else:
        mode = py_compile.PycInvalidationMode.TIMESTAMP
    out = sys.stdout.buffer
    out.write(("ready %s\n" % (sys.implementation.cache_tag or "")).encode("utf-8"))
    out.flush()
    for line in sys.stdin.buffer:
        path = line.rstrip(b"\n").decode("utf-8", "surrogateescape")
        try:
            py_compile.compile(path, cfile=importlib.util.cache_from_source(path), doraise=True, invalidation_mode=mode)
            answer = "ok"
        except py_compile.PyCompileError as error:
            answer = "error %s: %s" % (error.exc_type_name, error.exc_value)
        except Exception as error:
            answer = "error %s: %s" % (type(error).__name__, error)
        out.write((" ".join(answer.splitlines()) + "\n").encode("utf-8", "backslashreplace"))
        out.flush()


main()
""";
}
