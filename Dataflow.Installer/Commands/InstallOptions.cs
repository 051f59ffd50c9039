using CommandLine;
using Dataflow.Installer.Install;

namespace Dataflow.Installer.Commands;

/// <summary>Options every installing verb takes (sync, batch): where files come from, the cache, the stages' widths.</summary>
public abstract class InstallOptions : GlobalOptions
{
    [Option('i', "index-url", HelpText = "The package index (PEP 503/691). Default: https://pypi.org/simple/.")]
    public string? IndexUrl { get; set; }

    [Option("extra-index-url", Separator = ',', HelpText = "More indexes, consulted before --index-url, as uv orders them (comma-separated or repeated).")]
    public IEnumerable<string> ExtraIndexUrls { get; set; } = [];

    [Option("exclude-newer", HelpText = "An RFC 3339 time or a date (YYYY-MM-DD, local midnight): only index files uploaded by then count, and a file whose index gives no upload time (PEP 700; HTML pages never do) does not, as uv's --exclude-newer.")]
    public string? ExcludeNewer { get; set; }

    [Option("index-strategy", Default = "first-index", HelpText =
        "first-index: a project's files come from the first index that has it, so a later index cannot shadow it (as uv); unsafe-best-match: the best version on any index wins (as pip).")]
    public string IndexStrategy { get; set; } = "first-index";

    [Option('f', "find-links", Separator = ',', HelpText = "Folders or HTML pages listing distribution files (comma-separated or repeated).")]
    public IEnumerable<string> FindLinks { get; set; } = [];

    [Option("trusted-host", Separator = ',', HelpText =
        "A host or host:port whose HTTPS certificate is not verified (a private index with a self-signed certificate), as pip's --trusted-host; also in requirements files (comma-separated or repeated).")]
    public IEnumerable<string> TrustedHosts { get; set; } = [];

    [Option("proxy", HelpText = "[scheme://][user:password@]host:port: every index, find-links and download request goes through this proxy (pip's --proxy); without it HTTP_PROXY, HTTPS_PROXY and NO_PROXY apply.")]
    public string? Proxy { get; set; }

    [Option("cert", HelpText = "A PEM bundle of certificate authorities to trust for HTTPS instead of the system's (pip's --cert); SSL_CERT_FILE adds to the system's instead.")]
    public string? Cert { get; set; }

    [Option("client-cert", HelpText = "A PEM file holding a client certificate and its private key, shown to HTTPS servers that ask for one (an index behind mutual TLS), as pip's --client-cert.")]
    public string? ClientCert { get; set; }

    [Option("keyring-provider", Default = Index.KeyringProvider.Disabled, HelpText =
        "Disabled, or Subprocess: an index URL with a user name and no password (https://user@host/simple/) gets its password from `keyring get URL USER` (then HOST), as pip and uv do, when .netrc has none.")]
    public Index.KeyringProvider KeyringProvider { get; set; } = Index.KeyringProvider.Disabled;

    [Option("extra", Separator = ',', HelpText = "For a pylock.toml: the extras to install (its 'extras' marker variable; none by default; comma-separated or repeated).")]
    public IEnumerable<string> Extras { get; set; } = [];

    [Option("group", Separator = ',', HelpText = "For a pylock.toml: the dependency groups to install instead of its default-groups (comma-separated or repeated).")]
    public IEnumerable<string> Groups { get; set; } = [];

    [Option("no-index", HelpText = "Ignore every index; use only --find-links and direct references.")]
    public bool NoIndex { get; set; }

    [Option("cache-dir", HelpText = "The cache folder (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }

    [Option("no-cache", HelpText = "Use a temporary cache, removed at the end.")]
    public bool NoCache { get; set; }

    // Auto, not Hardlink, by default: a hard link shares its inode with the cache, so an editor or a `pip install`
    // writing in place into site-packages would change the cache's file for every environment; a clone shares only
    // blocks, copied on write. Where the filesystem has no clones (ext4, overlayfs) Auto hard links, as uv does.
    [Option("link-mode", Default = LinkMode.Auto, HelpText =
        "How files get from the cache into the environment: Auto (Clone where the filesystem can, else Hardlink, else Copy), "
        + "Clone (copy-on-write; falls back to Hardlink, then Copy, with a warning), Hardlink (falls back to Copy across filesystems), Copy or Symlink.")]
    public LinkMode LinkMode { get; set; } = LinkMode.Auto;

    [Option("concurrent-downloads", Default = 50, HelpText = "Downloads at once.")]
    public int ConcurrentDownloads { get; set; } = 50;

    [Option("concurrent-builds", HelpText = "Source builds at once (default: the core count).")]
    public int? ConcurrentBuilds { get; set; }

    [Option("concurrent-installs", HelpText = "Unzips and installs at once (default: the core count).")]
    public int? ConcurrentInstalls { get; set; }

    [Option("allow-empty-requirements", HelpText = "Let requirements files that list nothing empty the environment (without it, such a sync changes nothing and says so, as uv's).")]
    public bool AllowEmptyRequirements { get; set; }

    [Option("exact", HelpText = "Also remove pip, setuptools and wheel when they are not listed: the environment holds exactly what the files list.")]
    public bool Exact { get; set; }

    [Option("strict", HelpText = "After the sync, check that what each installed distribution requires (Requires-Dist, markers and extras read) is installed, as uv's --strict and `dfi check` do; each problem is a warning.")]
    public bool Strict { get; set; }

    [Option("reinstall", HelpText = "Reinstall every listed distribution, even those already right.")]
    public bool Reinstall { get; set; }

    [Option("reinstall-package", Separator = ',', HelpText = "Reinstall these listed distributions (names), even when already right (comma-separated or repeated).")]
    public IEnumerable<string> ReinstallPackages { get; set; } = [];

    [Option("offline", HelpText = "Use no network: only the cache, local find-links folders and local files.")]
    public bool Offline { get; set; }

    [Option("refresh", HelpText = "Revalidate every cached index page with the index, even pages still fresh.")]
    public bool Refresh { get; set; }

    [Option("refresh-package", Separator = ',', HelpText = "Revalidate the cached index pages of these projects only (names), even pages still fresh, as uv's option (comma-separated or repeated).")]
    public IEnumerable<string> RefreshPackages { get; set; } = [];

    [Option("require-hashes", HelpText = "Require a --hash for every requirement, and == pins (pip's hash-checking mode).")]
    public bool RequireHashes { get; set; }

    [Option("no-build", HelpText = "Refuse source distributions, even with --no-build-isolation.")]
    public bool NoBuild { get; set; }

    [Option("only-binary", HelpText = "Never build these projects from source: :all:, :none: or comma-separated names (pip's meaning; repeatable).")]
    public IEnumerable<string> OnlyBinary { get; set; } = [];

    [Option("no-binary", HelpText = "Build these projects from source even where wheels exist: :all:, :none: or comma-separated names (repeatable).")]
    public IEnumerable<string> NoBinary { get; set; } = [];

    [Option('c', "constraint", Separator = ',', HelpText = "Constraints files (pip's format): they narrow the versions the requirements files allow and install nothing themselves (pip's -c; repeatable).")]
    public IEnumerable<string> Constraints { get; set; } = [];

    [Option("pre", HelpText = "Let a specifier match pre-releases and development releases too (pip's --pre; also in requirements files). An == pin of a pre-release needs no --pre.")]
    public bool Pre { get; set; }

    [Option("prefer-binary", HelpText = "Where a specifier allows several versions, take the newest one with a wheel for this interpreter over a newer one that must be built (pip's meaning; also in requirements files).")]
    public bool PreferBinary { get; set; }

    [Option('C', "config-settings", HelpText = "KEY=VALUE passed to every PEP 517 build backend's hooks (repeatable).")]
    public IEnumerable<string> ConfigSettings { get; set; } = [];

    [Option("build-constraints", HelpText = "A requirements file of constraints (NAME==VERSION, ranges) that pin build requirements.")]
    public string? BuildConstraints { get; set; }

    [Option("build-timeout", HelpText = "Stop a source build that runs longer than this many seconds (default: no limit).")]
    public int? BuildTimeout { get; set; }

    [Option("max-unpacked-size", HelpText = "Refuse a wheel or sdist that unpacks to more than this many MiB (decompression bombs). Default: 16384 for wheels, 2048 for sdists.")]
    public long? MaxUnpackedMib { get; set; }

    [Option("no-build-isolation", HelpText = "Build source distributions (PEP 517) with the target environment's own interpreter, which must already hold their build requirements, instead of a fresh environment per build.")]
    public bool NoBuildIsolation { get; set; }

    [Option("timeout", Default = 30.0, HelpText = "Seconds to wait for a connection, and for each next byte of an answer, before the attempt fails (and is retried).")]
    public double Timeout { get; set; } = 30;

    [Option("retries", Default = 3, HelpText = "Retries of a request after a connection error, a timeout, 429, 5xx or a cut-off body, with exponential backoff.")]
    public int Retries { get; set; } = 3;

    [Option("python-version", HelpText = "With sync --target (or --dry-run), or warm: choose wheels for this Python version (3.12, 3.12.4 or 312) instead of the interpreter's, as pip's option; markers and Requires-Python read it too, and nothing is built.")]
    public string? PythonVersion { get; set; }

    [Option("implementation", HelpText = "With sync --target (or --dry-run), or warm: choose wheels for this implementation (cp, pp, py...), as pip's option.")]
    public string? Implementation { get; set; }

    [Option("platform", Separator = ',', HelpText = "With sync --target (or --dry-run), or warm: choose wheels for these platform tags (manylinux2014_x86_64, macosx_11_0_arm64, win_amd64...) instead of this machine's, as pip's option; the first also sets the platform markers (repeatable).")]
    public IEnumerable<string> Platforms { get; set; } = [];

    [Option("python-platform", HelpText = "With sync --target (or --dry-run), or warm: choose wheels for this platform, named as uv's option names it: linux (x86_64-unknown-linux-gnu: manylinux_2_17), macos (aarch64-apple-darwin: macOS 13.0, or MACOSX_DEPLOYMENT_TARGET), windows, ARCH-unknown-linux-musl, ARCH-manylinux_2_28...; markers read that platform too.")]
    public string? PythonPlatform { get; set; }

    [Option("abi", Separator = ',', HelpText = "With sync --target (or --dry-run), or warm: choose wheels for these ABI tags (cp312, abi3...), as pip's option (repeatable).")]
    public IEnumerable<string> Abis { get; set; } = [];

    [Option("compile-bytecode", HelpText = "Compile the installed modules to .pyc files as pip does by default, listing them in RECORD; a file that does not compile is a warning.")]
    public bool CompileBytecode { get; set; }

    /// <summary>The interpreter <c>--python-version</c>, <c>--implementation</c>, <c>--platform</c> and <c>--abi</c> describe; null when none is given.</summary>
    internal Environments.ForeignInterpreter? ForeignInterpreter()
    {
        try
        {
            return Environments.ForeignInterpreter.From(PythonVersion, Implementation, Platforms, Abis, PythonPlatform);
        }
        catch (ArgumentException exception)
        {
            throw new UsageException(exception.Message);
        }
    }
}
