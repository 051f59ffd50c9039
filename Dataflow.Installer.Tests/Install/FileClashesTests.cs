using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Install;

public sealed class FileClashesTests
{
    private static (PackageName, UnzippedWheel) Wheel(string name, (string Path, string Content)[] files, string entryPoints = "")
    {
        var distInfo = $"{name.Replace('-', '_')}-1.0.dist-info";
        var members = files.Select(file => file.Path).Append($"{distInfo}/METADATA").ToList();
        var record = files.ToDictionary(file => file.Path,
            file => new RecordEntry(file.Path, new RecordHash("sha256", SHA256.HashData(Encoding.UTF8.GetBytes(file.Content))), file.Content.Length));
        record[$"{distInfo}/METADATA"] = new RecordEntry($"{distInfo}/METADATA", new RecordHash("sha256", SHA256.HashData(Encoding.UTF8.GetBytes(name))), 1);
        var wheel = new UnzippedWheel(distInfo, name, null!, name, "1.0", record, EntryPoints.Parse(entryPoints), members, record, []);
        return (PackageName.Parse(name), wheel);
    }

    [Fact]
    public void Distributions_without_a_shared_file_each_run_alone_in_the_plans_order()
    {
        var plan = FileClashes.Plan([Wheel("b", [("b/__init__.py", "")]), Wheel("a", [("a/__init__.py", "")])]);

        plan.Units.Should().BeEquivalentTo(new[] { new[] { 0 }, new[] { 1 } }, options => options.WithStrictOrdering());
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void A_file_with_different_contents_puts_both_in_one_unit_the_name_sorting_first_installed_last()
    {
        var plan = FileClashes.Plan([
            Wheel("big", [("big/__init__.py", "")]),
            Wheel("clash-a", [("clash/__init__.py", "A"), ("clash/a.py", "")]),
            Wheel("clash-b", [("clash/__init__.py", "B"), ("clash/b.py", "")]),
        ]);

        plan.Units.Should().BeEquivalentTo(new[] { new[] { 0 }, new[] { 2, 1 } }, options => options.WithStrictOrdering());
        plan.Warnings.Should().ContainSingle().Which.Should().StartWith("clash-a and clash-b both install 'clash/__init__.py' with different contents; clash-a's copy is kept");
    }

    [Fact]
    public void Identical_files_such_as_namespace_init_modules_are_no_clash()
    {
        var init = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n";
        var plan = FileClashes.Plan([Wheel("ns-one", [("ns/__init__.py", init), ("ns/one.py", "")]), Wheel("ns-two", [("ns/__init__.py", init), ("ns/two.py", "")])]);

        plan.Units.Should().HaveCount(2);
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Data_files_and_scripts_clash_where_they_land_and_headers_never_do()
    {
        var plan = FileClashes.Plan([
            Wheel("tool-a", [("tool_a-1.0.data/scripts/run", "a"), ("tool_a-1.0.data/headers/x.h", "a"), ("tool_a-1.0.data/purelib/m.py", "a")]),
            Wheel("tool-b", [("tool_b-1.0.data/headers/x.h", "b"), ("m.py", "b")], "[console_scripts]\nrun = tool_b:main\n"),
        ]);

        plan.Units.Should().ContainSingle().Which.Should().Equal(1, 0);
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("both install 2 files (first: ");
    }

    [Fact]
    public void Clashes_chain_three_distributions_into_one_unit()
    {
        var plan = FileClashes.Plan([
            Wheel("p", [("x.py", "p")]),
            Wheel("q", [("x.py", "q"), ("y.py", "q")]),
            Wheel("r", [("y.py", "r")]),
            Wheel("s", [("s.py", "")]),
        ]);

        plan.Units.Should().BeEquivalentTo(new[] { new[] { 2, 1, 0 }, new[] { 3 } }, options => options.WithStrictOrdering());
        plan.Warnings.Should().HaveCount(2);
    }
}
