using System.Diagnostics;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary>The pool of long-lived python workers behind <c>--compile-bytecode</c>, with the real python3.</summary>
public sealed class BytecodeWorkerPoolTests : IDisposable
{
    private const string Python = "python3";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Many_files_are_compiled_by_no_more_workers_than_the_pool_size()
    {
        var sources = WriteModules(300);
        using var pool = new BytecodeWorkerPool(Python, size: 3);

        var results = await pool.CompileAsync(sources, CancellationToken.None).WaitAsync(Patience);

        results.Select(result => result.Source).Should().Equal(sources);
        results.Should().OnlyContain(result => result.Succeeded);
        sources.Should().OnlyContain(source => File.Exists(BytecodeCompiler.BytecodePath(source, "cpython-311")));
        pool.WorkerProcessIds.Should().HaveCountGreaterThan(0).And.HaveCountLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task The_workers_answer_with_the_interpreters_cache_tag()
    {
        using var pool = new BytecodeWorkerPool(Python, size: 1);

        var tag = await pool.CacheTagAsync(CancellationToken.None).WaitAsync(Patience);

        tag.Should().Be("cpython-311");
    }

    [Fact]
    public async Task A_syntax_error_is_that_files_error_and_the_others_compile()
    {
        var sources = WriteModules(5);
        var broken = Write("broken.py", "def broken(:\n    pass\n");
        using var pool = new BytecodeWorkerPool(Python, size: 2);

        var results = await pool.CompileAsync([.. sources, broken], CancellationToken.None).WaitAsync(Patience);

        results.Single(result => !result.Succeeded).Should().Be(results[^1]);
        results[^1].Error.Should().StartWith("SyntaxError: ").And.Contain("broken.py, line 1");
        File.Exists(BytecodeCompiler.BytecodePath(broken, "cpython-311")).Should().BeFalse();
        Directory.Exists(Path.Combine(_directory.Path, "src", "__pycache__")).Should().BeTrue();
    }

    [Fact]
    public async Task A_worker_that_dies_mid_batch_is_replaced_and_the_batch_is_retried()
    {
        // Enough files for several batches per worker; the one that kills its worker sits in the middle of one.
        var sources = WriteModules(40);
        var killer = Write("killer.py", "X = 1\n");
        List<string> all = [.. sources[..20], killer, .. sources[20..]];
        using var pool = new BytecodeWorkerPool(Python, size: 2, DyingScript(once: true));

        var results = await pool.CompileAsync(all, CancellationToken.None).WaitAsync(Patience);

        File.Exists(killer + ".died").Should().BeTrue("the worker died on the file");
        results.Should().OnlyContain(result => result.Succeeded);
        all.Should().OnlyContain(source => File.Exists(BytecodeCompiler.BytecodePath(source, "cpython-311")));
    }

    [Fact]
    public async Task A_batch_whose_worker_dies_twice_gives_its_unanswered_files_an_error_and_other_batches_compile()
    {
        var sources = WriteModules(40);
        var killer = Write("killer.py", "X = 1\n");
        List<string> all = [.. sources[..20], killer, .. sources[20..]];
        using var pool = new BytecodeWorkerPool(Python, size: 2, DyingScript(once: false));

        var results = await pool.CompileAsync(all, CancellationToken.None).WaitAsync(Patience);

        var failed = results.Where(result => !result.Succeeded).ToList();
        failed.Should().Contain(result => result.Source == killer);
        failed.Should().OnlyContain(result => result.Error!.StartsWith("the python process compiling it died (exit code 9", StringComparison.Ordinal));
        // 41 files over 2 workers make batches of 5: only the killer's batch from the killer on can be lost.
        failed.Should().HaveCountLessThanOrEqualTo(5);
        results.Take(20).Should().OnlyContain(result => result.Succeeded);
    }

    [Fact]
    public async Task A_worker_killed_between_calls_is_replaced()
    {
        var sources = WriteModules(10);
        using var pool = new BytecodeWorkerPool(Python, size: 1);
        await pool.CompileAsync(sources[..5], CancellationToken.None).WaitAsync(Patience);
        var first = pool.WorkerProcessIds.Should().ContainSingle().Subject;
        await KillAsync(first);

        var results = await pool.CompileAsync(sources[5..], CancellationToken.None).WaitAsync(Patience);

        results.Should().OnlyContain(result => result.Succeeded);
        pool.WorkerProcessIds.Should().ContainSingle().Which.Should().NotBe(first);
    }

    [Fact]
    public async Task Disposing_the_pool_ends_every_worker()
    {
        var pool = new BytecodeWorkerPool(Python, size: 2);
        await pool.CompileAsync(WriteModules(20), CancellationToken.None).WaitAsync(Patience);
        var processes = pool.WorkerProcessIds.Select(Process.GetProcessById).ToList();
        processes.Should().NotBeEmpty();

        pool.Dispose();

        foreach (var process in processes)
        {
            await process.WaitForExitAsync().WaitAsync(Patience);
            process.HasExited.Should().BeTrue();
        }
        pool.WorkerProcessIds.Should().BeEmpty();
    }

    [Fact]
    public async Task Cancelling_a_compilation_kills_the_worker_in_the_middle_of_it()
    {
        var hang = Write("hang.py", "X = 1\n");
        var started = hang + ".started";
        using var pool = new BytecodeWorkerPool(Python, size: 1, HangingScript());
        using var cancellation = new CancellationTokenSource();
        var compiling = pool.CompileAsync([hang], cancellation.Token);
        while (!File.Exists(started))
        {
            compiling.IsCompleted.Should().BeFalse("the worker hangs on the file until it is killed");
            await Task.Delay(20);
        }
        var worker = Process.GetProcessById(pool.WorkerProcessIds.Should().ContainSingle().Subject);

        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => compiling.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        await worker.WaitForExitAsync().WaitAsync(Patience);
        pool.WorkerProcessIds.Should().BeEmpty();
    }

    [Fact]
    public async Task An_interpreter_that_cannot_be_started_is_a_bytecode_exception()
    {
        using var pool = new BytecodeWorkerPool(_directory.Combine("no-such-python"), size: 1);

        await FluentActions.Awaiting(() => pool.CompileAsync(WriteModules(1), CancellationToken.None))
            .Should().ThrowAsync<BytecodeException>().WithMessage("*no-such-python*");
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The real worker, with py_compile.compile patched to end the process on <c>killer.py</c> (always, or once).</summary>
    private static string DyingScript(bool once) => $$"""
import os, py_compile
_compile = py_compile.compile
def _dying(path, *args, **kwargs):
    if path.endswith("killer.py"):
        marker = path + ".died"
        if {{(once ? "True" : "False")}} is False or not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(9)
    return _compile(path, *args, **kwargs)
py_compile.compile = _dying

""" + BytecodeWorkerScript.Source;

    /// <summary>The real worker, with py_compile.compile patched to hang on <c>hang.py</c> after saying so in a marker file.</summary>
    private static string HangingScript() => """
import os, py_compile, time
_compile = py_compile.compile
def _hanging(path, *args, **kwargs):
    if path.endswith("hang.py"):
        open(path + ".started", "w").close()
        time.sleep(3600)
    return _compile(path, *args, **kwargs)
py_compile.compile = _hanging

""" + BytecodeWorkerScript.Source;

    private static async Task KillAsync(int processId)
    {
        using var process = Process.GetProcessById(processId);
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(Patience);
    }

    private List<string> WriteModules(int count) =>
        Enumerable.Range(0, count).Select(index => Write($"module_{index:D3}.py", $"VALUE = {index}\ndef twice():\n    return VALUE * 2\n")).ToList();

    private string Write(string name, string content)
    {
        var path = _directory.Combine("src", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
