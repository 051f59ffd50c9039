using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>The result of <c>--no-binary</c> and <c>--only-binary</c> options, applied in order as pip applies them.</summary>
/// <remarks>Each set holds normalised project names or <c>:all:</c>; naming a project in one set removes it from the other.</remarks>
internal sealed record BinaryFormatControl(IReadOnlySet<string> NoBinary, IReadOnlySet<string> OnlyBinary)
{
    public static BinaryFormatControl None { get; } = new(new HashSet<string>(), new HashSet<string>());

    /// <summary>Applies one option value, e.g. <c>:all:</c>, <c>numpy,scipy</c> or <c>:none:</c>, to a copy of this control.</summary>
    /// <exception cref="FormatException">A name in <paramref name="value"/> is not a valid project name.</exception>
    public BinaryFormatControl With(string value, bool onlyBinary)
    {
        var noBinary = new HashSet<string>(NoBinary, StringComparer.Ordinal);
        var only = new HashSet<string>(OnlyBinary, StringComparer.Ordinal);
        var (target, other) = onlyBinary ? (only, noBinary) : (noBinary, only);
        Apply(value.Split(','), target, other);
        return new BinaryFormatControl(noBinary, only);
    }

    /// <summary>False when <c>--only-binary</c> names the project or <c>:all:</c>: its source distributions are refused.</summary>
    public bool AllowsSource(PackageName name) => !OnlyBinary.Contains(name.Normalized) && !(OnlyBinary.Contains(":all:") && !NoBinary.Contains(name.Normalized));

    /// <summary>False when <c>--no-binary</c> names the project or <c>:all:</c>: its wheels are refused, so it is built from source.</summary>
    public bool AllowsWheel(PackageName name) => !NoBinary.Contains(name.Normalized) && !(NoBinary.Contains(":all:") && !OnlyBinary.Contains(name.Normalized));

    /// <summary>This control with more option values applied after it (a file's, then the command line's).</summary>
    public BinaryFormatControl Then(IEnumerable<string> noBinary, IEnumerable<string> onlyBinary)
    {
        var result = this;
        foreach (var value in noBinary)
        {
            result = result.With(value, onlyBinary: false);
        }
        foreach (var value in onlyBinary)
        {
            result = result.With(value, onlyBinary: true);
        }
        return result;
    }

    private static void Apply(string[] values, HashSet<string> target, HashSet<string> other)
    {
        var start = 0;
        // ':all:' wipes both sets; only a later ':none:' lets the names after it count again.
        var lastAll = Array.LastIndexOf(values, ":all:");
        if (lastAll >= 0)
        {
            other.Clear();
            target.Clear();
            target.Add(":all:");
            if (Array.IndexOf(values, ":none:", lastAll + 1) < 0)
            {
                return;
            }
            start = lastAll + 1;
        }
        foreach (var value in values.Skip(start))
        {
            if (value == ":none:")
            {
                target.Clear();
                continue;
            }
            var name = PackageName.Parse(value).Normalized;
            other.Remove(name);
            target.Add(name);
        }
    }
}
