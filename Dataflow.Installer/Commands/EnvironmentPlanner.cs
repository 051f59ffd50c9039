using System.Diagnostics;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Install;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Plans one environment: asks its interpreter (cached), reads its requirements, compares them with what is
/// installed without the network, and chooses a file for each requirement that needs one.
/// </summary>
internal sealed class EnvironmentPlanner(RunContext run, ILogger log)
{
    public const string DefaultIndexUrl = "https://pypi.org/simple/";

    /// <summary>Plans a sync of the virtual environment <paramref name="request"/> names.</summary>
    public Task<EnvironmentPlan> PlanAsync(EnvironmentRequest request, CancellationToken cancellationToken) =>
        PlanAsync(request, warmOnly: false, cancellationToken);

    /// <summary>
    /// Plans the files every listed requirement needs for the request's interpreter, which need not be a virtual
    /// environment, as if nothing were installed: what <c>dfi warm</c> puts into the cache.
    /// </summary>
    public Task<EnvironmentPlan> PlanWarmAsync(EnvironmentRequest request, CancellationToken cancellationToken) =>
        PlanAsync(request, warmOnly: true, cancellationToken);

    private async Task<EnvironmentPlan> PlanAsync(EnvironmentRequest request, bool warmOnly, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var options = run.Options;
        var query = await PythonInterpreter.QueryAsync(request.Interpreter, run.Cache.Path, cancellationToken).ConfigureAwait(false);
        var interpreter = query.Info;
        log.Debug("{Environment}: Python {Version} at {Executable} ({Seconds:0.000}s)", request.Name, interpreter.FullVersion, interpreter.Executable, clock.Elapsed.TotalSeconds);
        if (!warmOnly)
        {
            interpreter = WhereToInstall(request, query);
        }
        if (request.Foreign is { } foreign)
        {
            interpreter = interpreter with { MarkerEnvironment = foreign.Markers(interpreter.MarkerEnvironment) };
        }
        PackageVersion PythonVersion() => PackageVersion.Parse(request.Foreign?.FullVersion(interpreter) ?? interpreter.FullVersion);
        CompatibilityTags Tags() => request.Foreign is { } other ? CompatibilityTags.ForForeign(interpreter, other) : CompatibilityTags.ForInterpreter(interpreter);

        CompatibilityTags? tags = null;
        RequirementsFile requirements;
        IReadOnlyList<WantedDistribution> wanted;
        var listsNothing = false;
        if (request.RequirementFiles.Any(PylockFile.IsLockFileName))
        {
            // A lock file is the whole set, with its own files and hashes: no requirements file's options apply.
            if (options.Constraints.Any())
            {
                throw new UsageException($"{request.RequirementFiles.First(PylockFile.IsLockFileName)} is a lock file (PEP 751), which pins every version itself: -c/--constraint applies to requirements files only.");
            }
            if (request.RequirementFiles.Count > 1)
            {
                throw new UsageException($"{request.RequirementFiles.First(PylockFile.IsLockFileName)} is a lock file (PEP 751), which is the whole set: sync it alone.");
            }
            var lockFile = PylockReader.Read(request.RequirementFiles[0], Environment.CurrentDirectory);
            requirements = new RequirementsFileBuilder().Build();
            tags = Tags();
            var groups = options.Groups.ToList();
            wanted = PylockSelector.Select(lockFile, interpreter.MarkerEnvironment, tags, PythonVersion(),
                [.. options.Extras], groups.Count > 0 ? groups : null);
        }
        else
        {
            if (options.Extras.Any() || options.Groups.Any())
            {
                throw new UsageException("--extra and --group choose what a pylock.toml installs; a requirements file lists its set itself.");
            }
            requirements = await new RequirementsFileReader().ReadAsync(request.RequirementFiles, [.. options.Constraints], cancellationToken).ConfigureAwait(false);
            foreach (var warning in requirements.Warnings)
            {
                log.Warning("{Warning}", warning);
            }
            // Before this environment's first request; as with pip, a file's trusted hosts hold for the whole run.
            foreach (var host in requirements.TrustedHosts)
            {
                run.TrustedHosts.Add(host);
            }
            wanted = WantedSetBuilder.Build(requirements, interpreter.MarkerEnvironment, options.RequireHashes);
            listsNothing = requirements.Requirements.Count == 0;
        }
        if (request.Target is not null && !warmOnly && wanted.FirstOrDefault(item => item.Editable) is { } editable)
        {
            // An editable install is a .pth file, and Python reads .pth files only in its site folders, which a target is not.
            throw new UsageException($"{editable.Location}: an editable install cannot go into --target '{request.Target}': Python reads the .pth file that makes one only in site-packages.");
        }
        if (warmOnly)
        {
            wanted = WithoutFolders(wanted);
        }
        else
        {
            // A journal left by a killed run is rolled back before the environment is read, so the plan starts from a whole state.
            await EnvironmentTransaction.RecoverAsync(interpreter.Prefix, message => log.Warning("{Warning}", message), cancellationToken).ConfigureAwait(false);
            if (listsNothing && !options.AllowEmptyRequirements)
            {
                // An empty file is more often a generator's failure than a wish to uninstall everything.
                log.Warning("{Files}: no requirements listed, so {Environment} is left as it is (--allow-empty-requirements empties it)",
                    string.Join(", ", request.RequirementFiles), request.Name);
                return new EnvironmentPlan(request.Name, interpreter, [], [], []);
            }
        }
        IReadOnlyList<InstalledDistribution> installed = warmOnly ? [] : SitePackages.ReadInstalled(interpreter.Scheme.Purelib, interpreter.Scheme.Platlib);
        // Made only when a file must be chosen or a folder built: a no-op sync of requirements files computes no tags and no finder.
        (DistributionFinder Finder, FileSelectionContext Context, BuildTarget Build)? sources = null;
        async Task<(DistributionFinder Finder, FileSelectionContext Context, BuildTarget Build)> SourcesAsync()
        {
            if (sources is { } made)
            {
                return made;
            }
            tags ??= Tags();
            var indexes = await IndexesAsync(request, requirements, cancellationToken).ConfigureAwait(false);
            var findLinks = await FindLinksAsync(request, requirements, cancellationToken).ConfigureAwait(false);
            var finder = new DistributionFinder(run.IndexClient, run.Http, indexes, findLinks, options.Offline)
            {
                Strategy = run.IndexStrategy,
                ExcludeNewer = run.ExcludeNewer,
            };
            // Nothing can be built for a foreign interpreter: a build runs the asked one.
            var context = new FileSelectionContext(tags, PythonVersion(), requirements.Pre || options.Pre, AllowSourceDistributions: !options.NoBuild && request.Foreign is null)
            {
                // The command line's options come after the files', as if appended to them.
                Formats = requirements.BinaryFormats.Then(options.NoBinary, options.OnlyBinary),
                PreferBinary = options.PreferBinary || requirements.PreferBinary,
                InterpreterName = request.Foreign?.Describe(interpreter) ?? "this interpreter",
                ForForeignInterpreter = request.Foreign is not null,
            };
            // Build requirements are resolved ranges, so they follow PEP 440's pre-release rule rather than the file's --pre.
            var build = new BuildTarget(interpreter, tags.Tags[0].ToString(), finder, context with { AllowPrereleases = false }, []);
            sources = (finder, context, build);
            return sources.Value;
        }
        if (wanted.Any(item => item.NameFromBuild))
        {
            var (_, context, build) = await SourcesAsync().ConfigureAwait(false);
            wanted = await NameFoldersAsync(wanted, installed, build, context, cancellationToken).ConfigureAwait(false);
        }

        var decision = SyncPlanner.Decide(wanted, installed, options.Reinstall, options.Exact, run.ReinstallPackages);
        var removals = RemovableOnly(decision.Removals);
        log.Debug("{Environment}: {Wanted} wanted, {Installed} installed, {Fetch} to fetch ({Seconds:0.000}s)", request.Name, wanted.Count, installed.Count, decision.ToFetch.Count, clock.Elapsed.TotalSeconds);
        if (decision.ToFetch.Count == 0)
        {
            return new EnvironmentPlan(request.Name, interpreter, [], removals, decision.Unchanged) { Reinstall = options.Reinstall, ReinstallPackages = run.ReinstallPackages };
        }

        var (fileFinder, fileContext, buildTarget) = await SourcesAsync().ConfigureAwait(false);
        var installs = await new ArtifactPlanner(fileFinder, fileContext, run.PipelineOptions.ConcurrentDownloads, options.Offline, buildTarget, log)
            .PlanAsync(decision.ToFetch, cancellationToken).ConfigureAwait(false);
        log.Debug("{Environment}: files chosen ({Seconds:0.000}s)", request.Name, clock.Elapsed.TotalSeconds);
        return new EnvironmentPlan(request.Name, interpreter, installs, removals, decision.Unchanged) { Reinstall = options.Reinstall, ReinstallPackages = run.ReinstallPackages };
    }

    /// <summary>
    /// The interpreter as the place this sync installs into: its virtual environment; a <c>--target</c> or <c>--prefix</c> folder; or, with
    /// <c>--system</c>, its own site-packages unless its distributor marks it as theirs (PEP 668).
    /// </summary>
    private static InterpreterInfo WhereToInstall(EnvironmentRequest request, InterpreterQueryResult query)
    {
        var interpreter = query.Info;
        if (interpreter.IsVirtualEnvironment && request.Target is null && request.Prefix is null)
        {
            return interpreter;
        }
        // Outside a venv the interpreter was often found on PATH, maybe as a shim (pyenv's is a shell script): scripts name
        // the interpreter itself, as pip's name its sys.executable.
        interpreter = interpreter with { Executable = query.SysExecutable ?? interpreter.Executable };
        if (request.Target is { } target)
        {
            // As pip's and uv's --target: no PEP 668 check, the interpreter's own site-packages is not touched.
            return TargetDirectory.Apply(interpreter, target);
        }
        if (request.Prefix is { } prefix)
        {
            // As pip's --prefix: no PEP 668 check, the interpreter's own site-packages is not touched.
            return PrefixDirectory.Apply(interpreter, prefix);
        }
        if (!request.System)
        {
            throw new InterpreterException($"'{request.Interpreter}' is not in a virtual environment, and a sync removes whatever it does not list. Create one with `dfi venv`, or pass --system to sync this interpreter's own site-packages ({interpreter.Scheme.Purelib}).");
        }
        if (ExternallyManagedMarker.Find(interpreter) is { } marker && !request.BreakSystemPackages)
        {
            var why = ExternallyManagedMarker.ReadError(marker) is { } error ? $" Its distributor says:\n\n{error}\n\n" : " ";
            throw new InterpreterException($"'{request.Interpreter}' is externally managed ({marker}, PEP 668): its site-packages belongs to the system's package manager.{why}Use a virtual environment (`dfi venv`), or pass --break-system-packages to sync it all the same.");
        }
        return interpreter;
    }

    // A folder whose name only its build tells: named after the editable install of it that this sync keeps (so that it
    // stays a no-op without building), else built now, the pipeline then installing that wheel. An install recorded from
    // the folder that would be replaced anyway does not name it: the folder's name may have changed since.
    private async Task<IReadOnlyList<WantedDistribution>> NameFoldersAsync(
        IReadOnlyList<WantedDistribution> wanted, IReadOnlyList<InstalledDistribution> installed, BuildTarget build, FileSelectionContext context, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, List<InstalledDistribution>>(StringComparer.Ordinal);
        foreach (var distribution in installed)
        {
            if (DirectUrl.RecordIn(distribution) is { IsDirectory: true } record)
            {
                if (!recorded.TryGetValue(record.Url, out var list))
                {
                    recorded[record.Url] = list = [];
                }
                list.Add(distribution);
            }
        }
        var named = new List<WantedDistribution>();
        foreach (var item in wanted)
        {
            if (!item.NameFromBuild)
            {
                named.Add(item);
                continue;
            }
            var folder = item.SourceFolder!;
            if (item.Editable && !run.Options.Reinstall && recorded.TryGetValue(DirectUrl.Recorded(item.DirectUrl!), out var from)
                && from is [var only] && SyncPlanner.IsCurrentEditable(only, folder, item.DirectUrl!) && PackageName.TryParse(only.Name, out var name)
                && !run.ReinstallPackages.Contains(name))
            {
                named.Add(item with { Name = name, NameFromBuild = false });
                continue;
            }
            if (!context.AllowSourceDistributions || !context.Formats.AllowsSource(item.Name))
            {
                throw new SyncFailedException($"{item.Location}: {folder} is a project folder, which must be built, and this run builds nothing (--no-build or --only-binary :all:).");
            }
            var artifact = ArtifactPlanner.FolderArtifact(item, folder) with { NameFromBuild = true, Build = build };
            log.Information("{Location}: building {Folder} to learn its name (neither pyproject.toml's [project] nor setup.cfg gives it)", item.Location, folder);
            DownloadedArchive wheel;
            try
            {
                wheel = await run.BuildFolderAsync(artifact, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new SyncFailedException($"{item.Location}: {folder}: {CommandErrors.Describe(exception)}");
            }
            named.Add(item with { Name = WheelFilename.Parse(Path.GetFileName(wheel.Path)).Name, NameFromBuild = false, Prebuilt = wheel });
        }
        // Named at last, a folder may turn out to be a project the file already lists (the same folder twice is one line).
        var distinct = named.DistinctBy(item => (item.Name, item.SourceFolder, item.Editable, item.Vcs, item.DirectUrl, item.Specifier.ToString())).ToList();
        foreach (var group in distinct.GroupBy(item => item.Name).Where(group => group.Count() > 1))
        {
            var (first, second) = (group.First(), group.Skip(1).First());
            throw new RequirementsFileException(second.Location, $"'{second.Display}' is already required as '{first.Display}' at {first.Location}; a pinned set lists each project once");
        }
        return distinct;
    }

    // A project folder may change before the sync that uses it, which builds it in place again: nothing of it can be warmed.
    private IReadOnlyList<WantedDistribution> WithoutFolders(IReadOnlyList<WantedDistribution> wanted)
    {
        foreach (var item in wanted.Where(item => item.SourceFolder is not null))
        {
            log.Warning("{Location}: {Folder} is a project folder, which sync builds in place when it installs it; nothing is warmed for it", item.Location, item.SourceFolder);
        }
        return wanted.Where(item => item.SourceFolder is null).ToList();
    }

    // Command line over the environment's own settings over its files, as pip ranks a command line over a file. As uv
    // orders them, the extra indexes come first and the index (PyPI by default) last: with first-index, a private
    // project on an extra index is never shadowed by a public one of the same name (dependency confusion).
    private async Task<IReadOnlyList<Uri>> IndexesAsync(EnvironmentRequest request, RequirementsFile requirements, CancellationToken cancellationToken)
    {
        var options = run.Options;
        if (options.NoIndex || request.NoIndex || requirements.NoIndex)
        {
            return [];
        }
        var urls = new List<string>();
        urls.AddRange(request.ExtraIndexUrls ?? []);
        urls.AddRange(options.ExtraIndexUrls);
        urls.AddRange(requirements.ExtraIndexUrls);
        urls.Add(options.IndexUrl ?? request.IndexUrl ?? requirements.IndexUrl ?? DefaultIndexUrl);
        var result = new List<Uri>();
        foreach (var url in urls.Distinct())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https" && uri.Scheme != "file"))
            {
                throw new UsageException($"'{url}' is not an index URL (http://, https:// or file://).");
            }
            run.WarnIfPlainHttp(uri);
            result.Add(await run.WithKeyringPasswordAsync(uri, cancellationToken).ConfigureAwait(false));
        }
        return result;
    }

    private async Task<IReadOnlyList<string>> FindLinksAsync(EnvironmentRequest request, RequirementsFile requirements, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var link in (request.FindLinks ?? []).Concat(run.Options.FindLinks).Concat(requirements.FindLinks).Distinct())
        {
            if (!Uri.TryCreate(link, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                result.Add(link);
                continue;
            }
            run.WarnIfPlainHttp(url);
            result.Add(url.UserInfo.Length > 0 ? (await run.WithKeyringPasswordAsync(url, cancellationToken).ConfigureAwait(false)).AbsoluteUri : link);
        }
        return result;
    }

    // Legacy .egg-info metadata without a file list cannot be removed exactly; reporting it beats guessing.
    private IReadOnlyList<InstalledDistribution> RemovableOnly(IReadOnlyList<InstalledDistribution> removals)
    {
        foreach (var egg in removals.Where(distribution => !distribution.CanBeRemoved))
        {
            log.Warning("{Name} {Version} was installed without a file list ({Path}); dfi leaves it in place", egg.Name, egg.Version, egg.DistInfoPath);
        }
        return removals.Where(distribution => distribution.CanBeRemoved).ToList();
    }
}
