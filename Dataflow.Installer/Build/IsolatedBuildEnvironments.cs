using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Build;

/// <summary>
/// Build isolation: each build gets a fresh virtual environment holding exactly its resolved build requirements,
/// installed by dfi's own pipeline from the indexes of the environment that wanted the sdist. Environments are
/// keyed by interpreter and resolved pins, so identical requirement sets share one environment within a run.
/// </summary>
/// <param name="installAsync">Runs a pipeline over build environments' plans (the run's own, sharing its cache and builds).</param>
internal sealed class IsolatedBuildEnvironments(
    CacheRoot cache,
    ScratchFolder scratch,
    IReadOnlyList<Requirement> constraints,
    HttpClient http,
    Func<IReadOnlyList<EnvironmentPlan>, CancellationToken, Task<PipelineResult>> installAsync) : IBuildEnvironments
{
    private readonly InFlightMap<string, string> _environments = new(StringComparer.Ordinal);
    private readonly InFlightMap<string, CoreMetadata> _metadata = new(StringComparer.Ordinal);

    public async Task<string> GetPythonAsync(DistributionArtifact sourceDistribution, IReadOnlyList<string> requires, CancellationToken cancellationToken)
    {
        var target = sourceDistribution.Build
            ?? throw new BuildException($"{sourceDistribution.Filename} has no build target; this is a bug in dfi.");
        var requirements = new List<Requirement>();
        foreach (var text in requires)
        {
            if (!Requirement.TryParse(text, out var requirement))
            {
                throw new BuildException($"its build requirement '{text}' is not a valid PEP 508 requirement.");
            }
            requirements.Add(requirement);
        }

        Resolution resolution;
        try
        {
            var provider = new IndexResolverProvider(target.Sources, target.Selection, http, cache, scratch.Path, _metadata);
            resolution = await new Resolver(provider, target.Interpreter.MarkerEnvironment).ResolveAsync(requirements, constraints, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ResolutionException or FindingException or IndexException or DownloadException or CoreMetadataException or HttpRequestException)
        {
            throw new BuildException($"its build requirements ({string.Join(", ", requires)}) cannot be resolved: {exception.Message}", exception);
        }

        var pins = string.Join(" ", resolution.Packages.Select(package => $"{package.Name.Normalized}=={package.Version}"));
        // The chain is part of the key: a build requirement's own build must never wait for the environment it is being built for.
        var key = $"{target.Interpreter.Executable}\n{pins}\n{string.Join(" ", target.Chain)}";
        return await _environments.GetOrRunAsync(key, () => CreateAsync(sourceDistribution, target, resolution, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<string> CreateAsync(DistributionArtifact sourceDistribution, BuildTarget target, Resolution resolution, CancellationToken cancellationToken)
    {
        // A folder whose name only its build tells is named by the folder until then.
        var chain = target.Chain.Append(sourceDistribution.NameFromBuild ? sourceDistribution.Filename : sourceDistribution.Name.Normalized).ToList();
        var installs = new List<PlannedInstall>();
        foreach (var package in resolution.Packages)
        {
            var files = await target.Sources.GetFilesAsync(package.Name, cancellationToken).ConfigureAwait(false);
            var pin = VersionSpecifierSet.Parse("==" + package.Version);
            var selected = DistributionSelector.Select(package.Name, pin, [], files, target.Selection, $"build requirement {package.Name}=={package.Version}");
            var file = selected.File;
            var artifact = new DistributionArtifact(package.Name, selected.Filename.Version, file.Filename, file.Url, new ExpectedHashes(file.Hashes, []), file.Size, selected.Filename.IsWheel);
            if (!artifact.IsWheel)
            {
                if (chain.Contains(package.Name.Normalized))
                {
                    throw new BuildException($"build requirements form a cycle: {string.Join(" -> ", chain)} -> {package.Name.Normalized} (each needs the next built first).");
                }
                artifact = artifact with { Build = target with { Chain = chain } };
            }
            installs.Add(new PlannedInstall(artifact, null, IsDirectReference: false));
        }

        var folder = Path.Combine(scratch.Path, "build-env-" + Guid.NewGuid().ToString("N")[..12]);
        var baseInterpreter = await PythonInterpreter.QueryAsync(target.Interpreter.Executable, cache.Path, cancellationToken).ConfigureAwait(false);
        var python = VirtualEnvironmentCreator.Create(folder, baseInterpreter);
        // Not cached: the environment is gone at the end of the run.
        var environment = (await PythonInterpreter.QueryAsync(python, null, cancellationToken).ConfigureAwait(false)).Info;
        var plan = new EnvironmentPlan($"the build environment of {sourceDistribution.Filename}", environment, installs, [], []);
        var result = await installAsync([plan], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var reasons = string.Join("; ", result.Failures.Select(failure => failure.ToString()));
            throw new BuildException($"its build requirements could not be installed: {reasons}");
        }
        return python;
    }
}
