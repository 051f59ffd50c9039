namespace Dataflow.Installer.Standards;

/// <summary>Helpers for PEP 508 marker environments: how to ask an interpreter for one, and how to apply a marker.</summary>
public static class EnvironmentMarkers
{
    /// <summary>
    /// Python source that prints the interpreter's PEP 508 marker environment as one JSON object, computed
    /// the way the PEP's "Environment Markers" table (and pypa/packaging's <c>default_environment</c>) says.
    /// Run it with <c>python -I -c</c>; it needs only the standard library.
    /// </summary>
    public const string PythonScript = """
        import json, os, platform, sys

        def version_text(info):
            text = "%d.%d.%d" % (info.major, info.minor, info.micro)
            if info.releaselevel != "final":
                text += info.releaselevel[0] + str(info.serial)
            return text

        print(json.dumps({
            "implementation_name": sys.implementation.name,
            "implementation_version": version_text(sys.implementation.version),
            "os_name": os.name,
            "platform_machine": platform.machine(),
            "platform_python_implementation": platform.python_implementation(),
            "platform_release": platform.release(),
            "platform_system": platform.system(),
            "platform_version": platform.version(),
            "python_full_version": platform.python_version(),
            "python_version": ".".join(platform.python_version_tuple()[:2]),
            "sys_platform": sys.platform,
        }))
        """;

    /// <summary>True when there is no marker, or it holds for <paramref name="extras"/> (see <see cref="MarkerExpression.Evaluate"/>).</summary>
    public static bool Evaluate(MarkerExpression? marker, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? extras = null) =>
        marker is null || marker.Evaluate(environment, extras ?? []);

    /// <summary>The PEP 508 variables <paramref name="environment"/> lacks; empty when it is complete.</summary>
    public static IReadOnlyList<string> MissingVariables(IReadOnlyDictionary<string, string> environment) =>
        MarkerVariables.EnvironmentNames.Where(name => !environment.ContainsKey(name)).ToList();
}
