namespace Dataflow.Installer.Standards;

/// <summary>The PEP 508 environment marker variable names, with the legacy spellings pip still accepts.</summary>
public static class MarkerVariables
{
    public const string OsName = "os_name";
    public const string SysPlatform = "sys_platform";
    public const string PlatformMachine = "platform_machine";
    public const string PlatformPythonImplementation = "platform_python_implementation";
    public const string PlatformRelease = "platform_release";
    public const string PlatformSystem = "platform_system";
    public const string PlatformVersion = "platform_version";
    public const string PythonVersion = "python_version";
    public const string PythonFullVersion = "python_full_version";
    public const string ImplementationName = "implementation_name";
    public const string ImplementationVersion = "implementation_version";
    public const string Extra = "extra";

    /// <summary>pylock.toml (PEP 751): the set of extras an install from a lock file asks for; used with <c>in</c> and <c>not in</c>.</summary>
    public const string Extras = "extras";

    /// <summary>pylock.toml (PEP 751): the set of dependency groups an install from a lock file asks for.</summary>
    public const string DependencyGroups = "dependency_groups";

    /// <summary>How a set-valued variable's members are joined in an environment's dictionary.</summary>
    public const char SetSeparator = '\0';

    /// <summary>Every canonical variable name an environment should provide (all but <c>extra</c>).</summary>
    public static IReadOnlyList<string> EnvironmentNames { get; } =
    [
        ImplementationName, ImplementationVersion, OsName, PlatformMachine, PlatformPythonImplementation,
        PlatformRelease, PlatformSystem, PlatformVersion, PythonFullVersion, PythonVersion, SysPlatform,
    ];

    /// <summary>
    /// The canonical name for <paramref name="name"/>, or null when it is not a marker variable.
    /// PEP 345's dotted names (<c>os.name</c>) and <c>python_implementation</c> map to their PEP 508
    /// names, as pypa/packaging does.
    /// </summary>
    public static string? Canonicalize(string name) => name switch
    {
        "python_implementation" or "platform.python_implementation" => PlatformPythonImplementation,
        "os.name" => OsName,
        "sys.platform" => SysPlatform,
        "platform.version" => PlatformVersion,
        "platform.machine" => PlatformMachine,
        ImplementationName or ImplementationVersion or OsName or PlatformMachine or PlatformPythonImplementation
            or PlatformRelease or PlatformSystem or PlatformVersion or PythonFullVersion or PythonVersion
            or SysPlatform or Extra or Extras or DependencyGroups => name,
        _ => null,
    };
}
