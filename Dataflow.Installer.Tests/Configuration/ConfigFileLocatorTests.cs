using Dataflow.Installer.Configuration;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class ConfigFileLocatorTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    private string Write(params string[] parts)
    {
        var path = _root.Combine(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    private string Folder(params string[] parts) => Directory.CreateDirectory(_root.Combine(parts)).FullName;

    private Dictionary<string, string> Variables(params (string Name, string Value)[] extra)
    {
        var variables = new Dictionary<string, string> { ["HOME"] = Folder("home") };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }
        return variables;
    }

    [Fact]
    public void The_project_file_is_the_nearest_one_in_the_folder_or_its_parents()
    {
        var project = Write("repo", "dfi.toml");
        Write("dfi.toml");

        ConfigFileLocator.Find(Variables(), Folder("repo", "src", "pkg")).Should().Equal(project);
    }

    [Fact]
    public void The_user_file_comes_after_the_project_file()
    {
        var project = Write("repo", "dfi.toml");
        var user = Write("home", ".config", "dfi", "dfi.toml");

        ConfigFileLocator.Find(Variables(), Folder("repo")).Should().Equal(project, user);
    }

    [Fact]
    public void XDG_CONFIG_HOME_moves_the_user_file()
    {
        Write("home", ".config", "dfi", "dfi.toml");
        var user = Write("xdg", "dfi", "dfi.toml");

        ConfigFileLocator.Find(Variables(("XDG_CONFIG_HOME", _root.Combine("xdg"))), Folder("elsewhere")).Should().Equal(user);
    }

    [Fact]
    public void DFI_CONFIG_FILE_names_the_only_file()
    {
        Write("repo", "dfi.toml");
        Write("home", ".config", "dfi", "dfi.toml");
        var named = Write("ci", "settings.toml");

        ConfigFileLocator.Find(Variables(("DFI_CONFIG_FILE", named)), Folder("repo")).Should().Equal(named);
    }

    [Fact]
    public void DFI_CONFIG_FILE_naming_a_missing_file_is_an_error_naming_it()
    {
        var missing = _root.Combine("nowhere.toml");

        var find = () => ConfigFileLocator.Find(Variables(("DFI_CONFIG_FILE", missing)), Folder("repo"));

        find.Should().Throw<ConfigurationException>().WithMessage($"*{missing}*");
    }

    [Fact]
    public void DFI_NO_CONFIG_reads_no_file()
    {
        Write("repo", "dfi.toml");
        Write("home", ".config", "dfi", "dfi.toml");

        ConfigFileLocator.Find(Variables(("DFI_NO_CONFIG", "1")), Folder("repo")).Should().BeEmpty();
        ConfigFileLocator.Find(Variables(("DFI_NO_CONFIG", "0")), Folder("repo")).Should().HaveCount(2);
    }

    public void Dispose() => _root.Dispose();
}
