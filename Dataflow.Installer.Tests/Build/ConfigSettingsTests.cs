using System.Text;
using System.Text.Json;
using Dataflow.Installer.Build;

namespace Dataflow.Installer.Tests.Build;

public sealed class ConfigSettingsTests
{
    private static ConfigSettings Parse(params string[] items) => ConfigSettings.Parse(items, item => new FormatException(item));

    private static string Json(ConfigSettings settings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            settings.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void A_key_given_once_is_a_string_and_a_key_given_again_a_list_in_order_as_pip_passes_them()
    {
        var settings = Parse("--build-option=--a", "editable_mode=compat", "--build-option=--b", "empty=", "eq=a=b");

        Json(settings).Should().Be("""{"--build-option":["--a","--b"],"editable_mode":"compat","empty":"","eq":"a=b"}""");
    }

    [Fact]
    public void The_digest_tells_settings_apart_whatever_the_order_of_keys_but_not_the_order_of_a_keys_values()
    {
        Parse("a=1", "b=2").Digest.Should().Be(Parse("b=2", "a=1").Digest);
        Parse("a=1", "a=2").Digest.Should().NotBe(Parse("a=2", "a=1").Digest);
        Parse("a=1").Digest.Should().NotBe(Parse("a=1", "a=1").Digest);
        Parse("a=b=c").Digest.Should().NotBe(Parse("a=b", "b=c").Digest);
        Parse("ab=c").Digest.Should().NotBe(Parse("a=bc").Digest);
        Parse("a=1").Digest.Should().MatchRegex("^[0-9a-f]{16}$");
        ConfigSettings.None.Digest.Should().BeEmpty();
        Parse().Should().BeSameAs(ConfigSettings.None);
    }

    [Fact]
    public void A_requirements_own_settings_replace_the_same_keys_of_the_command_lines_and_keep_the_others()
    {
        var merged = Parse("flavour=salt", "flavour=pepper", "jobs=2").With(Parse("flavour=lime"));

        Json(merged).Should().Be("""{"jobs":"2","flavour":"lime"}""");
        Parse("a=1").With(ConfigSettings.None).Digest.Should().Be(Parse("a=1").Digest);
        ConfigSettings.None.With(Parse("a=1")).Digest.Should().Be(Parse("a=1").Digest);
    }

    [Fact]
    public void An_item_without_a_key_and_an_equals_sign_is_refused()
    {
        foreach (var item in new[] { "novalue", "=value" })
        {
            var parse = () => Parse("ok=1", item);

            parse.Should().Throw<FormatException>().WithMessage(item);
        }
    }
}
