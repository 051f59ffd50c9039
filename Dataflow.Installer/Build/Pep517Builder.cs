using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Build;

/// <summary>
/// Calls a source tree's PEP 517 backend in a child interpreter (<see cref="Pep517Driver"/>), at most
/// <see cref="MaxConcurrentBuilds"/> at a time. The interpreter must already have the build requirements.
/// </summary>
internal sealed class Pep517Builder : IDisposable
{
    /// <summary>How many lines of the backend's output a failure quotes, unless all of it is kept (<c>-v</c>).</summary>
    public const int OutputLinesKept = 30;

    // Once the child has exited, a grandchild it left running may still hold the pipes open; its output is not waited for longer.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim slots;
    private readonly bool keepAllOutput;
    private int running;
    private int highWater;

    /// <param name="keepAllOutput">A failure quotes everything the backend wrote, not just its last <see cref="OutputLinesKept"/> lines.</param>
    public Pep517Builder(int maxConcurrentBuilds = 0, bool keepAllOutput = false)
    {
        this.keepAllOutput = keepAllOutput;
        MaxConcurrentBuilds = maxConcurrentBuilds > 0 ? maxConcurrentBuilds : Environment.ProcessorCount;
        slots = new SemaphoreSlim(MaxConcurrentBuilds, MaxConcurrentBuilds);
    }

    public int MaxConcurrentBuilds { get; }

    /// <summary>The most hook calls that ever ran at once (an <see cref="Interlocked"/> high-water mark).</summary>
    public int HighestConcurrentBuilds => Volatile.Read(ref highWater);

    /// <summary>Asks the backend what else building a wheel needs (PEP 517 <c>get_requires_for_build_wheel</c>; none when the hook is missing).</summary>
    /// <param name="editable">Ask <c>get_requires_for_build_editable</c> instead (PEP 660).</param>
    public async Task<IReadOnlyList<string>> GetRequiresForBuildWheelAsync(
        string sourceDirectory,
        BuildSystem system,
        string pythonExecutable,
        ConfigSettings configSettings,
        CancellationToken cancellationToken,
        bool editable = false)
    {
        var hook = editable ? Pep517Driver.GetRequiresForBuildEditable : Pep517Driver.GetRequiresForBuildWheel;
        var answer = await RunHookAsync(hook, sourceDirectory, system, pythonExecutable, configSettings, null, cancellationToken)
            .ConfigureAwait(false);
        return [.. answer.EnumerateArray().Select(item => item.GetString()!)];
    }

    /// <summary>Builds a wheel into <paramref name="outputDirectory"/> (PEP 517 <c>build_wheel</c>) and returns its path.</summary>
    /// <param name="editable">Build an editable wheel with <c>build_editable</c> instead (PEP 660).</param>
    public async Task<string> BuildWheelAsync(
        string sourceDirectory,
        BuildSystem system,
        string pythonExecutable,
        ConfigSettings configSettings,
        string outputDirectory,
        CancellationToken cancellationToken,
        bool editable = false)
    {
        var wheelDirectory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(wheelDirectory);
        var hook = editable ? Pep517Driver.BuildEditable : Pep517Driver.BuildWheel;
        var answer = await RunHookAsync(hook, sourceDirectory, system, pythonExecutable, configSettings, wheelDirectory, cancellationToken)
            .ConfigureAwait(false);
        var fileName = answer.GetString() ?? "";
        // PEP 517 and PEP 660: the hook returns the basename of the .whl it wrote into wheel_directory.
        if (fileName != Path.GetFileName(fileName) || !WheelFilename.TryParse(fileName, out _))
        {
            throw new BuildException($"building {DisplayName(sourceDirectory)} failed: the backend returned '{fileName}', which is not a wheel file name.");
        }
        return Path.Combine(wheelDirectory, fileName);
    }

    public void Dispose() => slots.Dispose();

    private static string DisplayName(string sourceDirectory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDirectory)));

    private async Task<JsonElement> RunHookAsync(
        string hook,
        string sourceDirectory,
        BuildSystem system,
        string pythonExecutable,
        ConfigSettings configSettings,
        string? wheelDirectory,
        CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = Interlocked.Increment(ref running);
        for (var seen = Volatile.Read(ref highWater); now > seen; seen = Volatile.Read(ref highWater))
        {
            Interlocked.CompareExchange(ref highWater, now, seen);
        }
        var resultFile = Path.Combine(Path.GetTempPath(), $"dfi-pep517-{Guid.NewGuid():N}.json");
        try
        {
            var request = Request(system, sourceDirectory, configSettings, wheelDirectory);
            await RunDriverAsync(hook, sourceDirectory, pythonExecutable, request, resultFile, cancellationToken).ConfigureAwait(false);
            return ReadAnswer(resultFile, hook, sourceDirectory);
        }
        finally
        {
            TryDelete(resultFile);
            TryDelete(resultFile + ".tmp");
            Interlocked.Decrement(ref running);
            slots.Release();
        }
    }

    /// <summary>The driver's stdin: written by hand because dfi is compiled ahead of time (no reflection-based serializer).</summary>
    private static string Request(BuildSystem system, string sourceDirectory, ConfigSettings configSettings, string? wheelDirectory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("backend", system.BuildBackend);
            writer.WriteStartArray("backend_path");
            foreach (var folder in system.ResolveBackendPath(sourceDirectory))
            {
                writer.WriteStringValue(folder);
            }
            writer.WriteEndArray();
            writer.WritePropertyName("config_settings");
            configSettings.WriteTo(writer);
            writer.WriteString("wheel_directory", wheelDirectory);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task RunDriverAsync(string hook, string sourceDirectory, string pythonExecutable, string request, string resultFile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(pythonExecutable)
        {
            WorkingDirectory = Path.GetFullPath(sourceDirectory),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", Pep517Driver.Source, hook, resultFile])
        {
            start.ArgumentList.Add(argument);
        }
        // Like pip's build environments: the user's PYTHONPATH and site folder must not leak into a build.
        // SOURCE_DATE_EPOCH, when set, is inherited so that backends can build reproducibly.
        start.Environment.Remove("PYTHONPATH");
        start.Environment["PYTHONNOUSERSITE"] = "1";
        // Unbuffered, so that the kept tail interleaves stdout and stderr as the backend wrote them.
        start.Environment["PYTHONUNBUFFERED"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BuildException($"building {DisplayName(sourceDirectory)} failed: could not start '{pythonExecutable}'.");
        }
        catch (Win32Exception exception)
        {
            throw new BuildException($"building {DisplayName(sourceDirectory)} failed: could not run '{pythonExecutable}': {exception.Message}", exception);
        }

        using (process)
        {
            var tail = new OutputTail(keepAllOutput ? int.MaxValue : OutputLinesKept);
            var collectors = Task.WhenAll(tail.CollectAsync(process.StandardOutput), tail.CollectAsync(process.StandardError));
            try
            {
                await process.StandardInput.WriteAsync(request.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // Cancelled, or the child died before reading its request: a backend may have started compilers of its own,
                // so the whole tree goes.
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            try
            {
                await collectors.WaitAsync(OutputDrainTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            if (process.ExitCode != 0)
            {
                throw new BuildException($"building {DisplayName(sourceDirectory)} failed: {hook} exited with code {process.ExitCode}:\n{tail}");
            }
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    private static JsonElement ReadAnswer(string resultFile, string hook, string sourceDirectory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(resultFile));
            var answer = document.RootElement.GetProperty("return").Clone();
            var expected = hook is Pep517Driver.BuildWheel or Pep517Driver.BuildEditable ? JsonValueKind.String : JsonValueKind.Array;
            return answer.ValueKind == expected ? answer : throw new JsonException($"expected a JSON {expected}, found {answer.ValueKind}");
        }
        catch (Exception exception) when (exception is IOException or JsonException or KeyNotFoundException)
        {
            throw new BuildException($"building {DisplayName(sourceDirectory)} failed: {hook} gave no usable answer ({exception.Message}).", exception);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
