using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class MarkerExpressionTests
{
    // CPython 3.11.7 on x86_64 Linux, as pip's packaging.markers.default_environment() reports it.
    private static readonly Dictionary<string, string> Linux311 = new()
    {
        ["implementation_name"] = "cpython",
        ["implementation_version"] = "3.11.7",
        ["os_name"] = "posix",
        ["platform_machine"] = "x86_64",
        ["platform_python_implementation"] = "CPython",
        ["platform_release"] = "6.1.0-18-amd64",
        ["platform_system"] = "Linux",
        ["platform_version"] = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        ["python_full_version"] = "3.11.7",
        ["python_version"] = "3.11",
        ["sys_platform"] = "linux",
    };

    private static bool Evaluate(string marker, IEnumerable<string>? extras = null) =>
        MarkerExpression.Parse(marker).Evaluate(Linux311, extras);

    [Theory]
    [InlineData("python_version >= '3.8'", true)]
    [InlineData("python_version < '3.8'", false)]
    [InlineData("python_version > '3.9'", true)]
    [InlineData("python_version == '3.11'", true)]
    [InlineData("python_version == '3.11.0'", true)]
    [InlineData("python_version == '3.*'", true)]
    [InlineData("python_version != '3.11.*'", false)]
    [InlineData("python_version ~= '3.7'", true)]
    [InlineData("python_full_version >= '3.11.7'", true)]
    [InlineData("python_full_version < '3.11.7'", false)]
    [InlineData("'3.8' <= python_version", true)]
    [InlineData("'3.12' <= python_version", false)]
    [InlineData("implementation_version === '3.11.7'", true)]
    public void Version_variables_compare_as_PEP_440_versions(string marker, bool expected)
    {
        Evaluate(marker).Should().Be(expected);
    }

    [Fact]
    public void Version_comparison_is_numeric_not_lexical()
    {
        // As strings "3.11" < "3.9"; as versions it is the other way round.
        Evaluate("python_version > '3.9'").Should().BeTrue();
    }

    [Theory]
    [InlineData("sys_platform == 'linux'", true)]
    [InlineData("sys_platform == \"win32\"", false)]
    [InlineData("sys_platform != 'win32'", true)]
    [InlineData("os_name == 'posix' and platform_machine == 'x86_64'", true)]
    [InlineData("platform_system == 'Windows' or platform_system == 'Linux'", true)]
    [InlineData("'linux' in sys_platform", true)]
    [InlineData("'lin' in sys_platform", true)]
    [InlineData("sys_platform in 'linux2 darwin'", true)]
    [InlineData("sys_platform not in 'win32 cygwin'", true)]
    [InlineData("'Debian' in platform_version", true)]
    [InlineData("platform_release >= '5'", true)]
    [InlineData("platform_release < '5'", false)]
    [InlineData("platform_python_implementation == 'CPython'", true)]
    [InlineData("platform_python_implementation == 'cpython'", false)]
    [InlineData("'a' == 'a'", true)]
    [InlineData("'b' < 'a'", false)]
    public void Other_values_compare_as_strings(string marker, bool expected)
    {
        Evaluate(marker).Should().Be(expected);
    }

    [Theory]
    [InlineData("os.name == 'posix'", "os_name == \"posix\"")]
    [InlineData("sys.platform == 'linux'", "sys_platform == \"linux\"")]
    [InlineData("platform.version != 'x'", "platform_version != \"x\"")]
    [InlineData("platform.machine == 'x86_64'", "platform_machine == \"x86_64\"")]
    [InlineData("platform.python_implementation == 'CPython'", "platform_python_implementation == \"CPython\"")]
    [InlineData("python_implementation == 'CPython'", "platform_python_implementation == \"CPython\"")]
    public void Legacy_variable_names_mean_their_PEP_508_names(string marker, string rendered)
    {
        var parsed = MarkerExpression.Parse(marker);
        parsed.ToString().Should().Be(rendered);
        parsed.Evaluate(Linux311).Should().BeTrue();
    }

    [Theory]
    // PEP 508 test grammar: "and" binds tighter than "or"; parentheses override.
    [InlineData("os_name=='a' and os_name=='b' or os_name=='c'", "c", true)]
    [InlineData("os_name=='a' and os_name=='b' or os_name=='c'", "a", false)]
    [InlineData("os_name=='a' and (os_name=='b' or os_name=='c')", "c", false)]
    [InlineData("os_name=='a' or os_name=='b' and os_name=='c'", "a", true)]
    [InlineData("(os_name=='a' or os_name=='b') and os_name=='c'", "a", false)]
    [InlineData("os_name=='a' or os_name=='b'", "b", true)]
    public void And_binds_tighter_than_or(string marker, string osName, bool expected)
    {
        var environment = new Dictionary<string, string>(Linux311) { ["os_name"] = osName };
        MarkerExpression.Parse(marker).Evaluate(environment).Should().Be(expected);
    }

    [Theory]
    [InlineData("os_name=='a' and os_name=='b' or os_name=='c'", "os_name == \"a\" and os_name == \"b\" or os_name == \"c\"")]
    [InlineData("os_name=='a' and (os_name=='b' or os_name=='c')", "os_name == \"a\" and (os_name == \"b\" or os_name == \"c\")")]
    [InlineData("(os_name=='a' or os_name=='b') and os_name=='c'", "(os_name == \"a\" or os_name == \"b\") and os_name == \"c\"")]
    [InlineData("((os_name=='a'))", "os_name == \"a\"")]
    [InlineData("python_version<'2.7' and platform_version=='2'", "python_version < \"2.7\" and platform_version == \"2\"")]
    [InlineData("  python_version\t>=\"3\"  ", "python_version >= \"3\"")]
    [InlineData("platform_version == 'say \"hi\"'", "platform_version == 'say \"hi\"'")]
    [InlineData("'win' not  in sys_platform", "\"win\" not in sys_platform")]
    [InlineData("python_version>'3'and os_name=='posix'", "python_version > \"3\" and os_name == \"posix\"")]
    public void Markers_render_in_a_normalised_form(string marker, string rendered)
    {
        MarkerExpression.Parse(marker).ToString().Should().Be(rendered);
        MarkerExpression.Parse(rendered).ToString().Should().Be(rendered);
    }

    [Theory]
    [InlineData("extra == 'test'", new[] { "test" }, true)]
    [InlineData("extra == 'test'", new[] { "Test" }, true)]
    [InlineData("extra == 'Foo_Bar'", new[] { "foo.bar" }, true)]
    [InlineData("extra == 'foo-bar'", new[] { "FOO__BAR" }, true)]
    [InlineData("extra == 'test'", new[] { "docs", "test" }, true)]
    [InlineData("extra == 'test'", new[] { "docs" }, false)]
    [InlineData("extra == 'test'", new string[0], false)]
    [InlineData("extra != 'test'", new string[0], true)]
    [InlineData("python_version >= '3' and extra == 'socks'", new[] { "socks" }, true)]
    [InlineData("python_version < '3' and extra == 'socks'", new[] { "socks" }, false)]
    public void Extras_compare_by_their_normalised_names(string marker, string[] extras, bool expected)
    {
        Evaluate(marker, extras).Should().Be(expected);
    }

    [Fact]
    public void Without_extras_the_extra_variable_is_empty_or_taken_from_the_environment()
    {
        var marker = MarkerExpression.Parse("extra == 'test'");

        marker.Evaluate(Linux311).Should().BeFalse();
        marker.Evaluate(new Dictionary<string, string> { ["extra"] = "TEST" }).Should().BeTrue();
        marker.ReferencesExtra.Should().BeTrue();
        MarkerExpression.Parse("os_name == 'nt'").ReferencesExtra.Should().BeFalse();
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("python_version", 14)]
    [InlineData("python_version >=", 17)]
    [InlineData("python_version >= '3", 18)]
    [InlineData("foo == 'bar'", 0)]
    [InlineData("os_name == 'a' and foo == 'bar'", 19)]
    [InlineData("(os_name == 'a'", 15)]
    [InlineData("os_name == 'a')", 14)]
    [InlineData("os_name = 'a'", 8)]
    [InlineData("os_name == 'a' xor os_name == 'b'", 15)]
    [InlineData("os_name notin 'a'", 8)]
    [InlineData("os_name == 'a' and", 18)]
    public void Malformed_markers_are_refused_at_the_offending_position(string marker, int position)
    {
        var parse = () => MarkerExpression.Parse(marker);
        parse.Should().Throw<RequirementParseException>().Which.Position.Should().Be(position);
        MarkerExpression.TryParse(marker, out _).Should().BeFalse();
    }

    [Fact]
    public void Unknown_variables_are_named_in_the_error()
    {
        var parse = () => MarkerExpression.Parse("python_versio < '3'");
        parse.Should().Throw<RequirementParseException>().WithMessage("*Unknown marker variable 'python_versio'*");
    }

    [Fact]
    public void A_variable_missing_from_the_environment_is_reported()
    {
        var evaluate = () => MarkerExpression.Parse("os_name == 'nt'").Evaluate(new Dictionary<string, string>());
        evaluate.Should().Throw<MarkerEvaluationException>().WithMessage("*os_name*");
    }

    [Fact]
    public void Compatible_release_on_values_that_are_not_versions_is_an_error()
    {
        var evaluate = () => Evaluate("platform_version ~= 'x'");
        evaluate.Should().Throw<MarkerEvaluationException>();
    }

    [Fact]
    public void A_source_build_full_version_with_a_plus_still_compares_as_a_version()
    {
        var environment = new Dictionary<string, string>(Linux311) { ["python_full_version"] = "3.13.0+" };
        MarkerExpression.Parse("python_full_version >= '3.13'").Evaluate(environment).Should().BeTrue();
    }

    [Fact]
    public void Pre_release_interpreters_satisfy_version_markers()
    {
        var environment = new Dictionary<string, string>(Linux311) { ["python_full_version"] = "3.13.0rc1" };
        MarkerExpression.Parse("python_full_version >= '3.8'").Evaluate(environment).Should().BeTrue();
    }

    [Fact]
    public void Markers_list_the_variables_they_read()
    {
        MarkerExpression.Parse("os.name == 'a' or (sys_platform == 'b' and os_name != 'c')").Variables
            .Should().BeEquivalentTo(["os_name", "sys_platform"]);
    }

    [Fact]
    public void Markers_that_render_alike_are_equal()
    {
        MarkerExpression.Parse("os.name=='a'").Should().Be(MarkerExpression.Parse("os_name == \"a\""));
    }

    [Fact]
    public void Every_environment_variable_name_parses()
    {
        foreach (var name in MarkerVariables.EnvironmentNames)
        {
            MarkerExpression.Parse($"{name} == 'x'").Variables.Should().Equal(name);
        }
    }
}
