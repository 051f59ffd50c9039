namespace Dataflow.Installer.Standards;

/// <summary>A wheel's optional build tag (PEP 427): leading digits and the rest, used only to break ties between otherwise equal wheels.</summary>
/// <param name="Number">The tag's leading digits as a number.</param>
/// <param name="Suffix">Whatever follows the digits, compared ordinally.</param>
internal readonly record struct WheelBuildTag(long Number, string Suffix) : IComparable<WheelBuildTag>
{
    /// <summary>The tag as it appeared in the file name is not kept: <c>01</c> and <c>1</c> sort equal, as PEP 427's int() does.</summary>
    public static bool TryParse(string text, out WheelBuildTag result)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        // PEP 427: "Must start with a digit."
        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            result = default;
            return false;
        }
        result = new WheelBuildTag(number, text[digits..]);
        return true;
    }

    public int CompareTo(WheelBuildTag other)
    {
        var byNumber = Number.CompareTo(other.Number);
        return byNumber != 0 ? byNumber : string.CompareOrdinal(Suffix, other.Suffix);
    }

    /// <summary>Orders optional build tags as PEP 427 says: no build tag sorts as an empty tuple, before any build tag.</summary>
    public static int Compare(WheelBuildTag? left, WheelBuildTag? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => left.Value.CompareTo(right.Value),
    };

    public override string ToString() => $"{Number}{Suffix}";
}
