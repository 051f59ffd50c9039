using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Real pip, the test machine's <c>python3</c>'s, run by a target interpreter exactly as <c>pip --python X</c> runs it:
/// <c>X …/pip/__pip-runner__.py ARGS</c>. Going through <c>python3 -m pip --python X</c> started pip twice per call,
/// once only to start it again, which cost the suite about a second of CPU per pip call.
/// </summary>
internal static class Pip
{
    private static readonly Lazy<string> Runner = new(FindRunner);

    /// <summary>Runs pip in <paramref name="python"/> (an interpreter, or a venv folder as <c>--python</c> takes).</summary>
    public static Task<ProcessResult> RunAsync(string python, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ChildProcess.RunAsync(Directory.Exists(python) ? Path.Combine(python, "bin", "python") : python, [Runner.Value, .. arguments], environment);

    // Where pip --python finds it: the running pip's package folder (pip's build_env.get_runnable_pip).
    private static string FindRunner()
    {
        var runner = TestPython.Ask("import pathlib, pip; print(pathlib.Path(pip.__file__).resolve().parent / '__pip-runner__.py')");
        return File.Exists(runner) ? runner : throw new InvalidOperationException($"python3 has no pip runner ('{runner}').");
    }
}
