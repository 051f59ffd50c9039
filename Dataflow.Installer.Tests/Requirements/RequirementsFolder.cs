using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Tests.Requirements;

/// <summary>A temporary folder that is the current directory of a <see cref="RequirementsFileReader"/>.</summary>
internal sealed class RequirementsFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dfi-requirements-").FullName;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public RequirementsFileReader Reader => new(name => Environment.GetValueOrDefault(name), Root);

    /// <summary>Writes a file below <see cref="Root"/> and returns its absolute path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Full(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> and reads it by that relative path.</summary>
    public Task<RequirementsFile> ReadAsync(string relativePath, string content)
    {
        Write(relativePath, content);
        return Reader.ReadAsync(relativePath, CancellationToken.None);
    }

    public Task<RequirementsFile> ReadAsync(string content) => ReadAsync("requirements.txt", content);

    public async Task<RequirementsFileException> FailAsync(string content)
    {
        Write("requirements.txt", content);
        return await FailReadingAsync("requirements.txt");
    }

    public async Task<RequirementsFileException> FailReadingAsync(string relativePath)
    {
        var read = () => Reader.ReadAsync(relativePath, CancellationToken.None);
        return (await read.Should().ThrowAsync<RequirementsFileException>()).Which;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
