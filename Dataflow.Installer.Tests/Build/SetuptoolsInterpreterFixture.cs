using Dataflow.Installer.Tests.EndToEnd;

namespace Dataflow.Installer.Tests.Build;

/// <summary>
/// A virtual environment able to build with setuptools without a build environment of its own (like pip's
/// <c>--no-build-isolation</c>). setuptools comes offline from ensurepip's bundled wheel when missing; setuptools before
/// 70.1 also needs the <c>wheel</c> package for <c>bdist_wheel</c>, which no bundled wheel provides, so the venv sees its
/// base interpreter's site-packages and the first base interpreter that has it is used (Debian's python3-wheel).
/// </summary>
public sealed class SetuptoolsInterpreterFixture : IAsyncLifetime
{
    private static readonly string[] BaseInterpreters = ["python3", "/usr/bin/python3"];
    private static readonly Dictionary<string, string?> Offline = new() { ["PIP_NO_INDEX"] = "1" };

    private const string CanBuildWheels = """
import importlib.util, setuptools
major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
assert (major, minor) >= (70, 1) or importlib.util.find_spec("wheel"), "setuptools %s needs the 'wheel' package to build wheels" % setuptools.__version__
""";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dfi-build-venv-" + Guid.NewGuid().ToString("N")[..8]);

    public string Python { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var failures = new List<string>();
        foreach (var (baseInterpreter, index) in BaseInterpreters.Select((name, index) => (name, index)))
        {
            var venv = Path.Combine(Root, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var python = Path.Combine(venv, "bin", "python");
            var created = await ChildProcess.RunAsync(baseInterpreter, ["-m", "venv", "--system-site-packages", venv]);
            if (created.ExitCode != 0)
            {
                failures.Add(created.ToString());
                continue;
            }
            if ((await ChildProcess.RunAsync(python, ["-c", "import setuptools"])).ExitCode != 0)
            {
                var bundled = (await ChildProcess.RunAsync(python, ["-c", "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"])).Stdout.Trim();
                var wheel = Directory.GetFiles(Path.Combine(bundled, "_bundled"), "setuptools-*.whl").FirstOrDefault();
                if (wheel is not null)
                {
                    (await ChildProcess.RunAsync(python, ["-m", "pip", "install", "--no-index", wheel], Offline)).ShouldSucceed();
                }
            }
            var check = await ChildProcess.RunAsync(python, ["-c", CanBuildWheels]);
            if (check.ExitCode == 0)
            {
                Python = python;
                return;
            }
            failures.Add(check.ToString());
        }
        throw new InvalidOperationException("No interpreter here can build wheels with setuptools:\n" + string.Join("\n", failures));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
