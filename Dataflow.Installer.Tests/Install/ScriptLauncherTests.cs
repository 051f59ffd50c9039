using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Install;

public sealed class ScriptLauncherTests
{
    [Fact]
    public void A_short_path_without_spaces_gets_a_plain_shebang()
    {
        ScriptLauncher.BuildShebang("/venv/bin/python").Should().Be("#!/venv/bin/python\n");
    }

    [Fact]
    public void A_path_with_a_space_is_quoted_inside_the_sh_exec_preamble()
    {
        ScriptLauncher.BuildShebang("/my venv/bin/python").Should().Be(
            "#!/bin/sh\n'''exec' \"/my venv/bin/python\" \"$0\" \"$@\"\n' '''\n");
    }

    [Fact]
    public void A_shebang_longer_than_127_bytes_uses_the_sh_exec_preamble()
    {
        var fits = "/" + new string('a', 120) + "/py"; // 2 + 124 + 1 = 127 bytes
        var tooLong = fits + "3";

        ScriptLauncher.BuildShebang(fits).Should().StartWith("#!/a");
        ScriptLauncher.BuildShebang(tooLong).Should().Be($"#!/bin/sh\n'''exec' {tooLong} \"$0\" \"$@\"\n' '''\n");
    }

    [Fact]
    public void Rewriting_replaces_the_whole_first_line_including_pythonw()
    {
        var rewritten = ScriptLauncher.RewriteShebang("#!pythonw -E\r\nbody\n"u8, "/v/bin/python");

        rewritten.Should().Equal("#!/v/bin/python\nbody\n"u8.ToArray());
        ScriptLauncher.NeedsShebangRewrite("#!pythonw"u8).Should().BeTrue();
        ScriptLauncher.NeedsShebangRewrite("#!/usr/bin/python"u8).Should().BeFalse();
    }

    [Fact]
    public void A_rewritten_script_keeps_pips_bare_shebang_past_127_bytes_while_the_kernel_can_run_it()
    {
        var longer = "/" + new string('a', 200) + "/bin/python"; // 2 + 212 + 1 bytes: past distlib's 127, within Linux's 256
        var tooLong = "/" + new string('a', 260) + "/bin/python";

        ScriptLauncher.RewriteShebang("#!python\nbody\n"u8, longer).Should().Equal(System.Text.Encoding.UTF8.GetBytes($"#!{longer}\nbody\n"));
        ScriptLauncher.RewriteShebang("#!python\nbody\n"u8, tooLong).Should().Equal(System.Text.Encoding.UTF8.GetBytes($"#!/bin/sh\n'''exec' {tooLong} \"$0\" \"$@\"\n' '''\nbody\n"));
        ScriptLauncher.RewriteShebang("#!python\nbody\n"u8, "/my venv/bin/python").Should().StartWith("#!/bin/sh\n"u8.ToArray(), "pip's bare line would run /my");
    }

    [Fact]
    public void A_launcher_for_a_dotted_attribute_imports_the_first_part_and_calls_the_whole()
    {
        var text = System.Text.Encoding.UTF8.GetString(ScriptLauncher.BuildLauncher(new EntryPoint("t", "pkg.cli", "app.main"), "/v/bin/python"));

        text.Should().Contain("from pkg.cli import app\n").And.Contain("    sys.exit(app.main())\n");
    }
}
