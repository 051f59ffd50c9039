using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Environments;

/// <summary>
/// The pip (and, before Python 3.12, setuptools) wheels an interpreter ships for <c>ensurepip</c>: what
/// <c>python -m venv</c> installs into a new environment, found without any network.
/// </summary>
internal static class EnsurepipWheels
{
    // Debian and Ubuntu keep them here instead of in ensurepip/_bundled.
    private const string DistributorFolder = "/usr/share/python-wheels";

    /// <summary>The folder holding them and the wheels to install, newest of each project; null when the interpreter ships none.</summary>
    public static async Task<(string Folder, IReadOnlyList<WheelFilename> Wheels)?> FindAsync(string python, InterpreterInfo info, CancellationToken cancellationToken)
    {
        var wanted = info.Major == 3 && info.Minor < 12 ? new[] { "pip", "setuptools" } : ["pip"];
        var bundled = await BundledFolderAsync(python, cancellationToken).ConfigureAwait(false);
        foreach (var folder in new[] { bundled, DistributorFolder })
        {
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }
            var wheels = Directory.EnumerateFiles(folder, "*.whl")
                .Select(path => WheelFilename.TryParse(Path.GetFileName(path), out var wheel) ? wheel : null)
                .OfType<WheelFilename>()
                .Where(wheel => wanted.Contains(wheel.Name.Normalized))
                .GroupBy(wheel => wheel.Name.Normalized)
                .Select(group => group.MaxBy(wheel => PackageVersion.TryParse(wheel.Version, out var version) ? version : null)!)
                .ToList();
            if (wheels.Any(wheel => wheel.Name.Normalized == "pip"))
            {
                return (folder, wheels);
            }
        }
        return null;
    }

    private static async Task<string?> BundledFolderAsync(string python, CancellationToken cancellationToken)
    {
        var output = await PythonInterpreter.TryRunCodeAsync(
            python, "import ensurepip, os; print(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled'))", cancellationToken).ConfigureAwait(false);
        return output is { Length: > 0 } folder ? folder : null;
    }
}
