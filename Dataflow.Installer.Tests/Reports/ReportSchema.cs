using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dataflow.Installer.Tests.Reports;

/// <summary>
/// A small JSON Schema (draft 2020-12) validator for exactly the keywords <c>docs/report.schema.json</c> uses:
/// type, const, enum, properties, required, additionalProperties, propertyNames, items, minimum, pattern,
/// oneOf and local <c>$ref</c>s. An unknown keyword fails loudly, so the schema cannot outgrow the check.
/// </summary>
internal sealed class ReportSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$defs"];

    private readonly JsonElement _root;

    private ReportSchema(JsonElement root) => _root = root;

    /// <summary>The schema file of the repository, found above the test binaries.</summary>
    public static string FilePath { get; } = FindFile();

    public static ReportSchema Load() => new(JsonDocument.Parse(File.ReadAllText(FilePath)).RootElement.Clone());

    /// <summary>Every violation, each as a JSON pointer and what is wrong there; empty when the document is valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "", errors);
        return errors;
    }

    public IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validate(document.RootElement);
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(rule.GetString()!), value, at, errors);
                    break;
                case "type":
                    var types = rule.ValueKind == JsonValueKind.Array ? rule.EnumerateArray().Select(item => item.GetString()!).ToList() : [rule.GetString()!];
                    if (!types.Any(type => HasType(value, type)))
                    {
                        errors.Add($"{at}: {value.ValueKind} is not {string.Join(" or ", types)}");
                    }
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value))
                    {
                        errors.Add($"{at}: {value} is not {rule}");
                    }
                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                    {
                        errors.Add($"{at}: {value} is not one of {rule}");
                    }
                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDouble() < rule.GetDouble())
                    {
                        errors.Add($"{at}: {value} is below {rule}");
                    }
                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, rule.GetString()!))
                    {
                        errors.Add($"{at}: \"{value}\" does not match {rule}");
                    }
                    break;
                case "required":
                    foreach (var name in rule.EnumerateArray().Select(item => item.GetString()!))
                    {
                        if (value.ValueKind == JsonValueKind.Object && !value.TryGetProperty(name, out _))
                        {
                            errors.Add($"{at}: lacks \"{name}\"");
                        }
                    }
                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in rule.EnumerateObject())
                        {
                            if (value.TryGetProperty(property.Name, out var member))
                            {
                                Check(property.Value, member, $"{at}/{property.Name}", errors);
                            }
                        }
                    }
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var known = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(item => item.Name).ToHashSet() : [];
                        foreach (var member in value.EnumerateObject().Where(member => !known.Contains(member.Name)))
                        {
                            if (rule.ValueKind == JsonValueKind.False)
                            {
                                errors.Add($"{at}: \"{member.Name}\" is not in the schema");
                            }
                            else
                            {
                                Check(rule, member.Value, $"{at}/{member.Name}", errors);
                            }
                        }
                    }
                    break;
                case "propertyNames":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var member in value.EnumerateObject())
                        {
                            using var name = JsonDocument.Parse(JsonSerializer.Serialize(member.Name));
                            Check(rule, name.RootElement, $"{at}/{member.Name} (name)", errors);
                        }
                    }
                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Check(rule, item, $"{at}/{index++}", errors);
                        }
                    }
                    break;
                case "oneOf":
                    var matching = rule.EnumerateArray().Count(option =>
                    {
                        var optionErrors = new List<string>();
                        Check(option, value, at, optionErrors);
                        return optionErrors.Count == 0;
                    });
                    if (matching != 1)
                    {
                        errors.Add($"{at}: matches {matching} of oneOf's schemas, not exactly one");
                    }
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"The test's validator does not know the keyword {keyword.Name}; teach it before using it.");
                    }
                    break;
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        reference.Should().StartWith("#/", "only local references are used");
        var element = _root;
        foreach (var part in reference[2..].Split('/'))
        {
            element = element.GetProperty(part);
        }
        return element;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => throw new NotSupportedException($"type {type}"),
    };

    private static string FindFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "docs", "report.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("docs/report.schema.json was not found above " + AppContext.BaseDirectory);
    }
}
