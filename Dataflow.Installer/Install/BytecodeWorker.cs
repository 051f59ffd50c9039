using System.Diagnostics;
using System.Text;
using Dataflow.Installer.Build;

namespace Dataflow.Installer.Install;

/// <summary>One long-lived <c>python</c> process running <see cref="BytecodeWorkerScript"/>, compiling one batch at a time.</summary>
internal sealed class BytecodeWorker : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly OutputTail _stderr = new(capacity: 5);
    private volatile bool _stopped;

    private BytecodeWorker(Process process)
    {
        _process = process;
    }

    /// <summary><c>sys.implementation.cache_tag</c> (e.g. <c>cpython-311</c>); empty when the interpreter writes no bytecode.</summary>
    public string CacheTag { get; private set; } = "";

    public int ProcessId => _process.Id;

    /// <summary>False once the process has exited or was killed; such a worker is not used again.</summary>
    public bool IsAlive => !_stopped && !_process.HasExited;

    /// <summary>Starts <paramref name="interpreter"/> with <paramref name="script"/> and waits for its ready line.</summary>
    public static async Task<BytecodeWorker> StartAsync(string interpreter, string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(interpreter)
        {
            // -I: neither PYTHON* variables, the user's site-packages nor the working directory can change what runs.
            ArgumentList = { "-I", "-c", script },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException)
        {
            process.Dispose();
            throw new BytecodeException($"Cannot start {interpreter} to compile bytecode: {exception.Message}", exception);
        }
        var worker = new BytecodeWorker(process);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                worker._stderr.Add(line.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var ready = await ReadLineAsync(process, cancellationToken).ConfigureAwait(false);
            if (ready is null)
            {
                throw new BytecodeException($"{interpreter} did not start a bytecode worker: {await worker.DescribeExitAsync(cancellationToken).ConfigureAwait(false)}");
            }
            if (!ready.StartsWith(BytecodeWorkerScript.ReadyPrefix, StringComparison.Ordinal))
            {
                throw new BytecodeException($"{interpreter} did not start a bytecode worker: {worker.Describe(ready)}");
            }
            worker.CacheTag = ready[BytecodeWorkerScript.ReadyPrefix.Length..];
            return worker;
        }
        catch
        {
            worker.Kill();
            worker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="sources"/> and reads one answer per path, in order: null for success, else the error.
    /// Fewer answers than paths means the process died part-way; it is then marked dead.
    /// </summary>
    public async Task<IReadOnlyList<string?>> CompileAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var answers = new List<string?>(sources.Count);
        // A cancelled run must not wait for a long file: the process is killed, which also ends the reads below.
        await using var registration = cancellationToken.Register(Kill).ConfigureAwait(false);
        // Written while the answers are read: a batch larger than the pipes' buffers would otherwise deadlock both sides.
        var writing = WriteAsync(sources);
        while (answers.Count < sources.Count)
        {
            var line = await ReadLineAsync(_process, CancellationToken.None).ConfigureAwait(false);
            if (line is null)
            {
                break;
            }
            answers.Add(line == BytecodeWorkerScript.Ok ? null
                : line.StartsWith(BytecodeWorkerScript.ErrorPrefix, StringComparison.Ordinal) ? line[BytecodeWorkerScript.ErrorPrefix.Length..]
                : $"unexpected answer '{line}'");
        }
        await writing.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (answers.Count < sources.Count)
        {
            _stopped = true;
        }
        return answers;
    }

    /// <summary>Why the process stopped answering, for a warning: its exit code and the end of its stderr.</summary>
    public async Task<string> DescribeExitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Its stdout has ended, so it is exiting; the wait only lets the exit code and last stderr lines arrive.
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return Describe(answer: null);
    }

    public void Kill()
    {
        _stopped = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
    }

    /// <summary>Ends the worker: stdin is closed so that it exits by itself, and it is killed if it has not soon after.</summary>
    public void Dispose()
    {
        _stopped = true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(2));
        }
        _process.Dispose();
    }

    private async Task WriteAsync(IReadOnlyList<string> sources)
    {
        var text = new StringBuilder();
        foreach (var source in sources)
        {
            text.Append(source).Append('\n');
        }
        try
        {
            await _process.StandardInput.WriteAsync(text.ToString()).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A broken pipe: the process died; the missing answers say so.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<string?> ReadLineAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string Describe(string? answer)
    {
        var exit = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        var said = answer is null ? "" : $", answered '{answer}'";
        var tail = string.Join(" | ", _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return tail.Length == 0 ? $"{exit}{said}" : $"{exit}{said}: {tail}";
    }
}
