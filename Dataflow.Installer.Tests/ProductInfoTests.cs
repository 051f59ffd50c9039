using System.Reflection;

namespace Dataflow.Installer.Tests;

public sealed class ProductInfoTests
{
    [Fact]
    public void The_version_constant_is_the_assemblys_informational_version_without_its_build_metadata()
    {
        var informational = typeof(ProductInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        ProductInfo.Version.Should().NotBeNullOrEmpty().And.Be(informational.Split('+')[0]);
    }
}
