using System.Globalization;

namespace Dataflow.Installer.Configuration;

/// <summary>Checks configured text against an option's value type, so that a bad value is reported with its origin rather than by the parser.</summary>
internal static class OptionValues
{
    /// <summary>Reads <c>1|true|yes|on</c> and <c>0|false|no|off</c>, in any case (the spellings pip accepts in its variables).</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "on":
                value = true;
                return true;
            case "0" or "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Null when <paramref name="text"/> is a valid value of <paramref name="option"/>, else what is expected.</summary>
    public static string? Problem(OptionDescriptor option, string text)
    {
        var type = option.ValueType;
        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number is >= int.MinValue and <= int.MaxValue
                ? null
                : "a whole number";
        }
        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "a number";
        }
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            return names.Any(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                ? null
                : $"one of {string.Join(", ", names.Select(name => name.ToLowerInvariant()))}";
        }
        return null;
    }
}
