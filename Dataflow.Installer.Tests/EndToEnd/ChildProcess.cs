using System.Diagnostics;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Runs a program with a deadline, capturing its output; a program still running at the deadline is killed.</summary>
internal static class ChildProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default,
        Func<Process, Task>? whileRunning = null,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Imports by the checks must not add __pycache__ folders to the environments the tests compare.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        start.Environment["PIP_NO_INPUT"] = "1";
        start.Environment.Remove("VIRTUAL_ENV");
        start.Environment.Remove("DFI_CACHE_DIR");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        var command = string.Join(' ', [fileName, .. start.ArgumentList]);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (whileRunning is not null)
            {
                await whileRunning(process).WaitAsync(timeout ?? DefaultTimeout, cancellationToken);
            }
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout ?? DefaultTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{command} did not finish within {timeout ?? DefaultTimeout}; killed.\n--- stdout\n{await stdout}--- stderr\n{await stderr}", exception);
        }
        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }
}
