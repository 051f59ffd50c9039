namespace Dataflow.Installer.Tests.Environments;

/// <summary>Tests that change process-wide state (environment variables) run in this collection, never in parallel with others.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
