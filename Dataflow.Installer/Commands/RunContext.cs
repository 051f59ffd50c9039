using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Progress;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>What one run shares across its environments: the cache, one HttpClient, the index client, the stages' options.</summary>
internal sealed class RunContext : IDisposable
{
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly Pep517Builder _pep517;
    private readonly IReadOnlyList<Requirement> _buildConstraints;
    private readonly CacheLock? _cacheLock;
    private readonly Lazy<HttpClient> _http;
    private readonly Lazy<NetrcFile?> _netrc;
    private readonly Lazy<KeyringCli?> _keyring;
    private readonly Lazy<SimpleIndexClient> _indexClient;
    private readonly ScratchFolder _scratch;
    // As pip 23.1+ reads them, a key given again becomes a list of its values; read before anything runs.
    private readonly ConfigSettings _configSettings;
    private ISourceBuilder? _sourceBuilder;
    // The live display's counts while a run draws one; build environments' nested runs add their files to it.
    private volatile RunProgress? _progress;

    public RunContext(InstallOptions options, bool failFast, ILogger log)
    {
        Validate(options);
        _configSettings = ReadConfigSettings(options);
        _log = log;
        Options = options;
        Cache = options.NoCache
            ? new CacheRoot(Path.Combine(Path.GetTempPath(), $"dfi-cache-{Environment.ProcessId}-{Guid.NewGuid():N}"), isTemporary: true)
            : new CacheRoot(options.CacheDir ?? CacheRoot.DefaultPath());
        Cache.EnsureCreated();
        _scratch = new ScratchFolder(Cache, "run");
        // Shared with every other sync, batch and warm; clean, prune and import wait for it (or time out saying so).
        _cacheLock = Cache.IsTemporary ? null : CacheLock.AcquireShared(Cache, CacheLockTimeout, CancellationToken.None);
        if (!Cache.IsTemporary && new CachePruner(Cache, TimeProvider.System).RemoveTempOfDeadRuns() is > 0 and var removed)
        {
            log.Debug("Removed {Count} temp folders left in the cache by killed runs", removed);
        }
        IndexStrategy = options.IndexStrategy switch
        {
            "first-index" => IndexStrategy.FirstIndex,
            "unsafe-best-match" => IndexStrategy.UnsafeBestMatch,
            var other => throw new UsageException($"--index-strategy '{other}' is not one of first-index, unsafe-best-match."),
        };
        ExcludeNewer = options.ExcludeNewer is { } cutoff ? ReadCutoff(cutoff) : null;
        ReinstallPackages = ProjectNames(options.ReinstallPackages, "--reinstall-package");
        foreach (var host in options.TrustedHosts)
        {
            try
            {
                TrustedHosts.Add(host);
            }
            catch (FormatException exception)
            {
                throw new UsageException(exception.Message + ".");
            }
        }
        // Made on first use: a run with nothing to fetch (a no-op sync, list-like work) never pays for the HTTP stack,
        // the retry pipeline or OpenSSL.
        _netrc = new Lazy<NetrcFile?>(() => options.Offline ? null : NetrcFile.Load());
        _keyring = new Lazy<KeyringCli?>(() => options.KeyringProvider == KeyringProvider.Subprocess && !options.Offline
            ? KeyringCli.Find(warning => _log.Warning("{Warning}", warning))
            : null);
        var authorities = options.Cert is { } cert ? ReadAuthorities(cert) : null;
        var clientCertificate = options.ClientCert is { } clientCert ? ReadClientCertificate(clientCert) : null;
        var proxy = options.Proxy is { } proxyText ? ReadProxy(proxyText) : null;
        _http = new Lazy<HttpClient>(() => HttpClients.Create(options.ConcurrentDownloads, new NetworkSettings
        {
            CertificateAuthorities = authorities,
            ClientCertificate = clientCertificate,
            Proxy = proxy,
            TrustedHosts = TrustedHosts,
            Timeout = TimeSpan.FromSeconds(options.Timeout),
            Retries = options.Retries,
            Netrc = _netrc.Value,
            OnRetry = retry => _log.Warning(
                "{Url} {Reason}; retry {Retry} of {Retries} in {Delay:0.0} s", retry.Url, retry.Reason, retry.Retry, retry.Retries, retry.Delay.TotalSeconds),
        }));
        var policy = options.Offline ? PageCachePolicy.Offline : options.Refresh ? PageCachePolicy.Refresh : PageCachePolicy.Default;
        var refreshed = ProjectNames(options.RefreshPackages, "--refresh-package");
        _indexClient = new Lazy<SimpleIndexClient>(() => new SimpleIndexClient(Http, new PageCache(Cache, TimeProvider.System), policy) { Refreshed = refreshed });
        PipelineOptions = new PipelineOptions
        {
            ConcurrentDownloads = options.ConcurrentDownloads,
            ConcurrentBuilds = options.ConcurrentBuilds ?? Environment.ProcessorCount,
            ConcurrentUnzips = options.ConcurrentInstalls ?? Environment.ProcessorCount,
            ConcurrentInstalls = options.ConcurrentInstalls ?? Environment.ProcessorCount,
            LinkMode = options.LinkMode,
            FailFast = failFast,
            CompileBytecode = options.CompileBytecode,
        };
        // Issue 3: a failing build quotes the backend's last lines, or all of them with -v.
        _pep517 = new Pep517Builder(PipelineOptions.ConcurrentBuilds, keepAllOutput: options.Verbose > 0);
        _buildConstraints = options.BuildConstraints is { } file ? BuildConstraintsReader.Read(file) : [];
    }

    /// <summary>How long a run waits for a <c>dfi cache clean/prune/import</c> that holds the cache.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<DownloadedArchive>> _folderBuilds = new(StringComparer.Ordinal);

    public static readonly TimeSpan CacheLockTimeout = TimeSpan.FromMinutes(10);

    public InstallOptions Options { get; }

    public CacheRoot Cache { get; }

    public HttpClient Http => _http.Value;

    /// <summary>
    /// <paramref name="url"/> with its user name's password from keyring (<c>--keyring-provider subprocess</c>), when
    /// neither the URL nor <c>.netrc</c> has one; otherwise unchanged.
    /// </summary>
    public Task<Uri> WithKeyringPasswordAsync(Uri url, CancellationToken cancellationToken) =>
        _keyring.Value is { } keyring ? keyring.WithPasswordAsync(url, _netrc.Value, cancellationToken) : Task.FromResult(url);

    /// <summary>
    /// Warns, once per host in a run, about an index or find-links URL in plain HTTP to another machine that no
    /// <c>--trusted-host</c> names: pip ignores such a source (an "insecure origin"), dfi uses it as uv does, but says so,
    /// since anything on the way can change what it serves (hashes from the same page cannot tell).
    /// </summary>
    public void WarnIfPlainHttp(Uri url)
    {
        if (url.Scheme != "http" || url.IsLoopback || TrustedHosts.Covers(url) || !_plainHttpWarned.TryAdd(url.Authority, 0))
        {
            return;
        }
        var shown = Index.UrlRedactor.Redact(url);
        _log.Warning("{Url} is plain HTTP, which anything on the way can change; use HTTPS, or pass --trusted-host {Host} to say this host is meant (pip ignores it without)",
            shown, url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}");
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _plainHttpWarned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>--reinstall-package</c> names.</summary>
    public IReadOnlySet<PackageName> ReinstallPackages { get; }

    /// <summary>The <c>--exclude-newer</c> cutoff; null when not given.</summary>
    public DateTimeOffset? ExcludeNewer { get; }

    /// <summary>The <c>--index-strategy</c>: whether a project's files come from the first index that has it, or from all.</summary>
    public IndexStrategy IndexStrategy { get; }

    /// <summary>The run's <c>--trusted-host</c> servers: the command line's, then each requirements file's as it is read.</summary>
    public TrustedHosts TrustedHosts { get; } = new();

    public SimpleIndexClient IndexClient => _indexClient.Value;

    public PipelineOptions PipelineOptions { get; }

    /// <summary>
    /// Runs the pipeline over <paramref name="plans"/>, under the live display on a terminal (cleared before this returns).
    /// Build environments run it again, nested, with the same cache, builds, scratch folder (removed when the run is
    /// disposed, fault or not) and display.
    /// </summary>
    /// <param name="options">This run's pipeline options, when they differ from <see cref="PipelineOptions"/> (warm's prepare-only run).</param>
    public async Task<PipelineResult> RunPipelineAsync(IReadOnlyList<EnvironmentPlan> plans, CancellationToken cancellationToken, PipelineOptions? options = null)
    {
        options ??= PipelineOptions;
        var log = new LogPipelineReporter(_log);
        if (!ProgressDisplayPolicy.ShouldShow(Options.Quiet, Options.NoProgress))
        {
            return await RunCoreAsync(plans, options, log, progress: null, cancellationToken).ConfigureAwait(false);
        }
        var progress = new RunProgress();
        _progress = progress;
        var display = ProgressDisplay.Start(progress, ProgressDisplayPolicy.WantsColour(Environment.GetEnvironmentVariable("NO_COLOR")));
        try
        {
            return await RunCoreAsync(plans, options, new ProgressReporter(progress, log, countsEnvironments: true), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Cleared before the command prints its results, fault or not.
            await display.DisposeAsync().ConfigureAwait(false);
            _progress = null;
        }
    }

    // A build environment is one small sync: all or nothing, whatever the outer run's options.
    private Task<PipelineResult> RunBuildPipelineAsync(IReadOnlyList<EnvironmentPlan> plans, CancellationToken cancellationToken)
    {
        var log = new LogPipelineReporter(_log);
        var progress = _progress;
        return RunCoreAsync(
            plans,
            PipelineOptions with { FailFast = true, PrepareOnly = false, KeepWheelsIn = null },
            progress is null ? log : new ProgressReporter(progress, log, countsEnvironments: false),
            progress,
            cancellationToken);
    }

    private async Task<PipelineResult> RunCoreAsync(
        IReadOnlyList<EnvironmentPlan> plans, PipelineOptions options, IPipelineReporter reporter, RunProgress? progress, CancellationToken cancellationToken)
    {
        using var stages = new PipelineStages(
            new Downloader(Http, progress), Builder(), new WheelUnzipper(Cache, UnpackLimit(WheelUnzipper.DefaultMaxUnpackedBytes), message => _log.Warning("{Warning}", message)), new LocationPointers(Cache), Cache, _scratch, options, Options.Offline,
            // The installer gives its hard-link fallback warning once per run itself.
            warning => _log.Warning("{Warning}", warning));
        return await new InstallPipeline(stages, options, reporter).RunAsync(plans, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds a project folder while planning, when only its build can tell its name; the wheel stays in the run's scratch
    /// folder for the pipeline to install.
    /// </summary>
    /// <remarks>Environments of one batch that list the same folder (for one interpreter tag) share one build.</remarks>
    public Task<DownloadedArchive> BuildFolderAsync(DistributionArtifact folder, CancellationToken cancellationToken) =>
        _folderBuilds.GetOrAdd(folder.Key, _ => Builder().BuildFolderAsync(folder, _scratch.Path, cancellationToken));

    private ISourceBuilder Builder()
    {
        lock (_gate)
        {
            return _sourceBuilder ??= Options.NoBuild
                ? new NoSourceBuilds()
                : new SourceBuilder(new BuiltWheelCache(Cache), BuildEnvironments(), _pep517, _configSettings,
                    Options.BuildTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null, UnpackLimit(SourceDistExtractor.DefaultMaxUnpackedBytes));
        }
    }

    // --max-unpacked-size raises (or lowers) both limits alike.
    private long UnpackLimit(long defaultBytes) => Options.MaxUnpackedMib is { } mib ? mib * 1024 * 1024 : defaultBytes;

    private IBuildEnvironments BuildEnvironments() =>
        Options.NoBuildIsolation
            ? new TargetEnvironmentBuilds()
            : new IsolatedBuildEnvironments(Cache, _scratch, _buildConstraints, Http, RunBuildPipelineAsync);

    private static ConfigSettings ReadConfigSettings(InstallOptions options) =>
        ConfigSettings.Parse(options.ConfigSettings, setting => new UsageException($"-C/--config-settings '{setting}' is not KEY=VALUE."));

    public void Dispose()
    {
        _pep517.Dispose();
        if (_scratch.Made is { } scratch)
        {
            TryDelete(scratch);
        }
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
        _cacheLock?.Dispose();
        if (Cache.IsTemporary)
        {
            TryDelete(Cache.Path);
        }
    }

    // Read before anything runs, so that a bundle that cannot be used is a usage error naming it, not a failed download.
    private static X509Certificate2Collection ReadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UsageException($"--cert {path}: {exception.Message}");
        }
        return authorities.Count > 0 ? authorities : throw new UsageException($"--cert {path} holds no PEM certificate.");
    }

    // uv's forms: a full RFC 3339 time, or a date meaning its start in the local time zone.
    private static DateTimeOffset ReadCutoff(string text)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", culture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local));
        }
        return text.Length >= 20 && DateTimeOffset.TryParse(text, culture, System.Globalization.DateTimeStyles.None, out var time)
            ? time
            : throw new UsageException($"--exclude-newer '{text}' is neither an RFC 3339 time (2024-03-01T12:00:00Z) nor a date (2024-03-01).");
    }

    // As requests reads pip's --proxy: http:// when no scheme is given, credentials from the user part.
    private static System.Net.WebProxy ReadProxy(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0
            || url.AbsolutePath is not ("/" or ""))
        {
            // Named redacted: a value that does not parse is not echoed, as it may hold a password.
            var shown = url is null ? "" : $" '{UrlRedactor.Redact(url)}'";
            throw new UsageException($"--proxy{shown} is not [scheme://][user:password@]host:port (http or https).");
        }
        var proxy = new System.Net.WebProxy(UrlCredentials.WithoutUserInfo(url));
        if (url.UserInfo.Length > 0)
        {
            var separator = url.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(separator < 0 ? url.UserInfo : url.UserInfo[..separator]);
            var password = separator < 0 ? "" : Uri.UnescapeDataString(url.UserInfo[(separator + 1)..]);
            proxy.Credentials = new System.Net.NetworkCredential(user, password);
        }
        return proxy;
    }

    // pip's --client-cert names one PEM file with both the certificate and its key; a file lacking either is a usage error.
    private static X509Certificate2 ReadClientCertificate(string path)
    {
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(path);
            // Through PKCS#12: OpenSSL's TLS client takes a key that is not ephemeral.
            return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new UsageException($"--client-cert {path}: {exception.Message.TrimEnd('.')} (one PEM file holding the certificate and its unencrypted private key).");
        }
    }

    private static void Validate(InstallOptions options)
    {
        if (options.ConcurrentDownloads < 1 || options.ConcurrentBuilds is < 1 || options.ConcurrentInstalls is < 1)
        {
            throw new UsageException("--concurrent-downloads, --concurrent-builds and --concurrent-installs must be at least 1.");
        }
        if (options.Timeout is not (> 0 and <= 86_400) || options.Retries is < 0 or > 100)
        {
            throw new UsageException("--timeout must be more than 0 and at most 86400 seconds, and --retries from 0 to 100.");
        }
        if (options.NoCache && options.CacheDir is not null)
        {
            throw new UsageException("--no-cache and --cache-dir cannot be used together.");
        }
        if (options.NoCache && options.LinkMode == Install.LinkMode.Symlink)
        {
            // The environment's files would be links into a cache deleted when the run ends.
            throw new UsageException("--link-mode symlink links the environment's files into the cache, which --no-cache deletes when the run ends: use one or the other.");
        }
        if (options.MaxUnpackedMib is < 1)
        {
            throw new UsageException("--max-unpacked-size must be at least 1 (MiB).");
        }
        if (options.BuildTimeout is < 1)
        {
            throw new UsageException("--build-timeout must be at least 1 second.");
        }
        if (options.Offline && (options.Refresh || options.RefreshPackages.Any()))
        {
            throw new UsageException($"--offline and {(options.Refresh ? "--refresh" : "--refresh-package")} cannot be used together: they ask the index again.");
        }
    }

    private static HashSet<PackageName> ProjectNames(IEnumerable<string> values, string option) => values
        .Select(value => PackageName.TryParse(value, out var name) ? name : throw new UsageException($"{option} '{value}' is not a valid project name."))
        .ToHashSet();

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A later run's clean-up of stale temp folders removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
