using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dataflow.Installer.Build;

/// <summary>
/// PEP 517 <c>config_settings</c> as pip 23.1+ passes them: a key given once is a string to the backend, a key given
/// again a list of its values in order (<c>-C--build-option=--a -C--build-option=--b</c>).
/// </summary>
internal sealed class ConfigSettings
{
    private readonly IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> _entries;

    private ConfigSettings(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> entries)
    {
        _entries = entries;
        Digest = entries.Count == 0 ? "" : ComputeDigest(entries);
    }

    /// <summary>No settings: what a build gets without <c>-C</c>.</summary>
    public static ConfigSettings None { get; } = new([]);

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>
    /// 16 hex digits that differ when the settings differ (keys sorted, values in order); empty for none. A wheel built
    /// with settings is a different wheel, so the build cache keeps it apart by this.
    /// </summary>
    public string Digest { get; }

    /// <summary>Reads <c>KEY=VALUE</c> items; an item without <c>=</c> (or with an empty key) is reported through <paramref name="invalid"/>.</summary>
    public static ConfigSettings Parse(IEnumerable<string> items, Func<string, Exception> invalid)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in items)
        {
            var separator = item.IndexOf('=');
            if (separator <= 0)
            {
                throw invalid(item);
            }
            var key = item[..separator];
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }
            list.Add(item[(separator + 1)..]);
        }
        return order.Count == 0 ? None : new([.. order.Select(key => new KeyValuePair<string, IReadOnlyList<string>>(key, values[key]))]);
    }

    /// <summary>These settings with <paramref name="overrides"/>'s keys replacing the same keys here (a requirement's own over the command line's).</summary>
    public ConfigSettings With(ConfigSettings overrides)
    {
        if (overrides.IsEmpty)
        {
            return this;
        }
        if (IsEmpty)
        {
            return overrides;
        }
        var replaced = overrides._entries.Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
        return new([.. _entries.Where(entry => !replaced.Contains(entry.Key)), .. overrides._entries]);
    }

    /// <summary>Writes the settings as the JSON object the backend receives.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, values) in _entries)
        {
            if (values.Count == 1)
            {
                writer.WriteString(key, values[0]);
                continue;
            }
            writer.WriteStartArray(key);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static string ComputeDigest(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> entries)
    {
        // Length-prefixed, so that no two different settings read the same.
        var text = new StringBuilder();
        foreach (var (key, values) in entries.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            text.Append(key.Length).Append(':').Append(key).Append(values.Count).Append('[');
            foreach (var value in values)
            {
                text.Append(value.Length).Append(':').Append(value);
            }
            text.Append(']');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
