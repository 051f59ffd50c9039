namespace Dataflow.Installer.Tests.Build;

/// <summary>
/// Writes an in-tree-backend source tree whose <c>build_wheel</c> prints numbered lines (odd ones to stdout, even ones
/// to stderr) and then fails, to see how much of a failing backend's output a build error quotes.
/// </summary>
internal static class NoisyBackendTree
{
    /// <summary>The exception's last line, as the driver's traceback shows it.</summary>
    public const string Failure = "RuntimeError: noisy backend gives up";

    /// <summary>Writes the tree at <c>{parent}/noisy_demo-1.0</c> and returns its path.</summary>
    public static string Write(string parent, int lines)
    {
        var tree = Path.Combine(parent, "noisy_demo-1.0");
        Directory.CreateDirectory(Path.Combine(tree, "_backend"));
        File.WriteAllText(Path.Combine(tree, "pyproject.toml"), """
            [build-system]
            requires = []
            build-backend = "noisy"
            backend-path = ["_backend"]

            [project]
            name = "noisy-demo"
            version = "1.0"

            """);
        File.WriteAllText(Path.Combine(tree, "PKG-INFO"), "Metadata-Version: 2.1\nName: noisy-demo\nVersion: 1.0\n");
        File.WriteAllText(Path.Combine(tree, "_backend", "noisy.py"), $$"""
            import sys


            def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                for number in range(1, {{lines}} + 1):
                    stream = sys.stdout if number % 2 else sys.stderr
                    stream.write("noisy line %d\n" % number)
                raise RuntimeError("noisy backend gives up")

            """);
        return tree;
    }
}
