using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

public sealed class EnvironmentJournalTests
{
    [Fact]
    public async Task Rollback_of_an_upgrade_puts_back_every_old_file_and_removes_every_new_one()
    {
        using var env = new JournalEnvironment();
        var old = await env.InstallAsync(JournalEnvironment.Wheel("tau", "1.0", "OLD = 1\n").Add("tau/only_old.py", ""));
        var before = await env.SnapshotAsync();

        var journal = EnvironmentJournal.Begin(env.Prefix);
        await new Uninstaller().UninstallAsync(old, journal, CancellationToken.None);
        var wheel = JournalEnvironment.Wheel("tau", "2.0", "NEW = 2\n").Add("tau/only_new.py", "");
        wheel.EntryPoints = "[console_scripts]\ntau = tau:main\n";
        await env.InstallAsync(wheel, journal);
        File.Exists(Path.Combine(env.Purelib, "tau", "only_new.py")).Should().BeTrue();

        journal.Rollback();

        var after = await env.SnapshotAsync();
        after.Files.ShouldBeUnchangedSince(before.Files);
        after.Folders.Should().Equal(before.Folders);
        Directory.Exists(env.JournalFolder).Should().BeFalse();
    }

    [Fact]
    public async Task Commit_removes_the_moved_aside_files_and_the_journal()
    {
        using var env = new JournalEnvironment();
        var old = await env.InstallAsync(JournalEnvironment.Wheel("tau", "1.0", "OLD = 1\n"));

        var journal = EnvironmentJournal.Begin(env.Prefix);
        await new Uninstaller().UninstallAsync(old, journal, CancellationToken.None);
        await env.InstallAsync(JournalEnvironment.Wheel("tau", "2.0", "NEW = 2\n"), journal);
        journal.Commit();

        Directory.Exists(env.JournalFolder).Should().BeFalse();
        File.ReadAllText(Path.Combine(env.Purelib, "tau", "__init__.py")).Should().Be("NEW = 2\n");
        Directory.Exists(Path.Combine(env.Purelib, "tau-1.0.dist-info")).Should().BeFalse();
        Directory.Exists(Path.Combine(env.Purelib, "tau-2.0.dist-info")).Should().BeTrue();
    }

    [Fact]
    public async Task A_journal_left_by_a_dead_run_is_rolled_back_by_the_next_transaction_with_a_warning()
    {
        using var env = new JournalEnvironment();
        var old = await env.InstallAsync(JournalEnvironment.Wheel("tau", "1.0", "OLD = 1\n"));
        var before = await env.SnapshotAsync();
        // The "dead run": its journal is never committed, rolled back or closed.
        var dead = EnvironmentJournal.Begin(env.Prefix);
        await new Uninstaller().UninstallAsync(old, dead, CancellationToken.None);
        await env.InstallAsync(JournalEnvironment.Wheel("upsilon", "1.0", "U = 1\n"), dead);
        var warnings = new List<string>();

        using (var transaction = await EnvironmentTransaction.BeginAsync(env.Prefix, warnings.Add, CancellationToken.None))
        {
            transaction.Commit();
        }

        warnings.Should().ContainSingle().Which.Should().Contain("stopped before finishing");
        var after = await env.SnapshotAsync();
        after.Files.Without(path => path == EnvironmentLock.FileName).ShouldBeUnchangedSince(before.Files);
        after.Folders.Should().Equal(before.Folders);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_rolls_back()
    {
        using var env = new JournalEnvironment();
        var before = await env.SnapshotAsync();

        using (var transaction = await EnvironmentTransaction.BeginAsync(env.Prefix, _ => { }, CancellationToken.None))
        {
            await env.InstallAsync(JournalEnvironment.Wheel("tau", "1.0", "T = 1\n"), transaction.Journal);
        }

        var after = await env.SnapshotAsync();
        after.Files.Without(path => path == EnvironmentLock.FileName).ShouldBeUnchangedSince(before.Files);
        after.Folders.Should().Equal(before.Folders);
    }

    [Fact]
    public async Task A_file_the_install_overwrites_is_put_back_by_the_rollback()
    {
        using var env = new JournalEnvironment();
        var foreign = Path.Combine(env.Scripts, "tau");
        await File.WriteAllTextAsync(foreign, "#!/bin/sh\necho not tau\n");
        var before = await env.SnapshotAsync();
        var wheel = JournalEnvironment.Wheel("tau", "1.0", "T = 1\n");
        wheel.EntryPoints = "[console_scripts]\ntau = tau:main\n";

        var journal = EnvironmentJournal.Begin(env.Prefix);
        await env.InstallAsync(wheel, journal);
        File.ReadAllText(foreign).Should().Contain("import sys", "the launcher replaced the file");
        journal.Rollback();

        File.ReadAllText(foreign).Should().Be("#!/bin/sh\necho not tau\n");
        (await env.SnapshotAsync()).Files.ShouldBeUnchangedSince(before.Files);
    }

    [Fact]
    public async Task The_rollback_removes_the_linkers_temp_files_that_a_kill_left()
    {
        using var env = new JournalEnvironment();
        var before = await env.SnapshotAsync();
        var journal = EnvironmentJournal.Begin(env.Prefix);
        await env.InstallAsync(JournalEnvironment.Wheel("tau", "1.0", "T = 1\n"), journal);
        var temp = Path.Combine(env.Purelib, "tau", $".__init__.py.{Guid.NewGuid():N}.dfi-tmp");
        await File.WriteAllTextAsync(temp, "half");

        journal.Rollback();

        File.Exists(temp).Should().BeFalse();
        (await env.SnapshotAsync()).Folders.Should().Equal(before.Folders);
    }

    [Fact]
    public async Task A_replay_killed_midway_resumes_without_undoing_a_step_twice()
    {
        using var env = new JournalEnvironment();
        var file = Path.Combine(env.Purelib, "same.py");
        await File.WriteAllTextAsync(file, "old");
        var journal = EnvironmentJournal.Begin(env.Prefix);
        journal.RecordInstall([file]);
        await File.WriteAllTextAsync(file, "new");
        journal.Dispose();
        // A first replay undid both records (deleted the new file, moved the old one back) and was killed before
        // counting the second: the count says one record is done.
        File.Delete(file);
        var stash = Directory.GetFiles(Path.Combine(env.JournalFolder, EnvironmentJournal.StashFolderName)).Single();
        File.Move(stash, file);
        await File.WriteAllTextAsync(Path.Combine(env.JournalFolder, JournalReplay.ProgressFileName), "000000000001\n");

        JournalReplay.Replay(env.Prefix);

        File.ReadAllText(file).Should().Be("old", "the added file was already undone; deleting again would lose the restored one");
    }

    [Fact]
    public async Task A_committed_journal_is_rolled_forward_not_back()
    {
        using var env = new JournalEnvironment();
        var file = Path.Combine(env.Purelib, "kept.py");
        var journal = EnvironmentJournal.Begin(env.Prefix);
        journal.RecordInstall([file]);
        await File.WriteAllTextAsync(file, "new");
        journal.Dispose();
        File.Move(Path.Combine(env.JournalFolder, EnvironmentJournal.JournalFileName), Path.Combine(env.JournalFolder, EnvironmentJournal.CommittedFileName));

        var recovery = JournalReplay.Replay(env.Prefix);

        recovery!.RolledForward.Should().BeTrue();
        File.ReadAllText(file).Should().Be("new");
        Directory.Exists(env.JournalFolder).Should().BeFalse();
    }

    [Fact]
    public async Task A_journal_naming_a_path_outside_the_environment_is_refused()
    {
        using var env = new JournalEnvironment();
        var victim = Path.Combine(Path.GetDirectoryName(env.Prefix)!, "victim.txt");
        await File.WriteAllTextAsync(victim, "keep me");
        Directory.CreateDirectory(env.JournalFolder);
        await File.WriteAllTextAsync(Path.Combine(env.JournalFolder, EnvironmentJournal.JournalFileName), $"{EnvironmentJournal.Header}\nA\t../victim.txt\n");

        var replay = () => JournalReplay.Replay(env.Prefix);

        replay.Should().Throw<InstallationException>().WithMessage("*outside the environment*");
        File.Exists(victim).Should().BeTrue();
    }

    [Fact]
    public void A_last_line_cut_by_a_kill_is_ignored_and_complete_records_are_read()
    {
        using var env = new JournalEnvironment();
        var path = Path.Combine(env.Prefix, "journal-test");
        File.WriteAllText(path, $"{EnvironmentJournal.Header}\nA\tbin/tau\nM\tlib/x.py\t1\nA\tlib/cut");

        var records = JournalReplay.ReadRecords(path);

        records.Should().Equal(new JournalRecord(JournalAction.Added, "bin/tau"), new JournalRecord(JournalAction.MovedAside, "lib/x.py", "1"));
    }

    [Theory]
    [InlineData("plain/path.py")]
    [InlineData("tab\there")]
    [InlineData("new\nline\r")]
    [InlineData(@"back\slash\t")]
    [InlineData("caf\u00e9/\U0001F600\tend\\")]
    public void A_record_reads_back_as_written_whatever_its_path_holds(string path)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        new JournalRecord(JournalAction.MovedAside, path, "7").AppendTo(output);
        var line = System.Text.Encoding.UTF8.GetString(output.WrittenSpan);

        line.Should().EndWith("\n").And.Subject.Count(character => character == '\n').Should().Be(1);
        JournalRecord.Parse(line[..^1]).Should().Be(new JournalRecord(JournalAction.MovedAside, path, "7"));
    }

    [Fact]
    public void An_install_is_announced_as_the_topmost_folders_it_creates_then_its_files_each_relative_to_the_environment()
    {
        using var env = new JournalEnvironment();
        using var journal = EnvironmentJournal.Begin(env.Prefix);

        journal.RecordInstall([Path.Combine(env.Purelib, "pkg", "sub", "a.py"), Path.Combine(env.Purelib, "pkg", "b\tc.py"), Path.Combine(env.Scripts, "tool")]);
        journal.Dispose();

        JournalReplay.ReadRecords(Path.Combine(env.JournalFolder, EnvironmentJournal.JournalFileName)).Should().Equal(
            new JournalRecord(JournalAction.CreatedDirectory, "lib/python3.11/site-packages/pkg"),
            new JournalRecord(JournalAction.Added, "lib/python3.11/site-packages/pkg/sub/a.py"),
            new JournalRecord(JournalAction.Added, "lib/python3.11/site-packages/pkg/b\tc.py"),
            new JournalRecord(JournalAction.Added, "bin/tool"));
    }

    [Theory]
    [InlineData("../outside.py")]
    [InlineData("lib/../../outside.py")]
    public void Recording_a_target_outside_the_environment_is_refused(string relative)
    {
        using var env = new JournalEnvironment();
        using var journal = EnvironmentJournal.Begin(env.Prefix);

        var record = () => journal.RecordInstall([env.Prefix + "/" + relative]);

        record.Should().Throw<InstallationException>().WithMessage("*outside the environment*");
    }

    [Fact]
    public void A_sibling_folder_whose_name_starts_with_the_environments_is_outside_it()
    {
        using var env = new JournalEnvironment();
        using var journal = EnvironmentJournal.Begin(env.Prefix);

        var record = () => journal.RecordInstall([env.Prefix + "-other/x.py"]);

        record.Should().Throw<InstallationException>().WithMessage("*outside the environment*");
    }
}
