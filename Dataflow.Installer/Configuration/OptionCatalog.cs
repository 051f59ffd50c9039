using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using CommandLine;
using Dataflow.Installer.Commands;

namespace Dataflow.Installer.Configuration;

/// <summary>
/// Every verb and its options, read by reflection from the <c>[Verb]</c> and <c>[Option]</c> attributes, so that
/// a new option is configurable without being listed twice. Program keeps these classes whole with
/// DynamicDependency, which is what makes the reflection work in the NativeAOT binary.
/// </summary>
internal sealed class OptionCatalog
{
    private static readonly Lazy<OptionCatalog> Instance = new(() => new OptionCatalog(
    [
        Describe<SyncOptions>(), Describe<BatchOptions>(), Describe<VenvOptions>(), Describe<WarmOptions>(),
        Describe<CacheOptions>(), Describe<ListOptions>(), Describe<FreezeOptions>(), Describe<CheckOptions>(),
        Describe<ShowOptions>(), Describe<RepairOptions>(),
    ]));

    public OptionCatalog(IReadOnlyList<VerbDescriptor> verbs)
    {
        Verbs = verbs;
    }

    /// <summary>The catalog of dfi's own verbs.</summary>
    public static OptionCatalog Default => Instance.Value;

    public IReadOnlyList<VerbDescriptor> Verbs { get; }

    public VerbDescriptor? FindVerb(string name) =>
        Verbs.FirstOrDefault(verb => string.Equals(verb.Name, name, StringComparison.Ordinal));

    /// <summary>True when some verb has the long option <paramref name="longName"/>.</summary>
    public bool IsOptionOfAnyVerb(string longName) => Verbs.Any(verb => verb.Find(longName) is not null);

    /// <summary>True when <paramref name="variableName"/> is the variable of some verb's option.</summary>
    public bool IsVariableOfAnyVerb(string variableName) =>
        Verbs.Any(verb => verb.Options.Any(option => string.Equals(option.VariableName, variableName, StringComparison.Ordinal)));

    /// <summary>Describes one options class from its <c>[Verb]</c> and <c>[Option]</c> attributes.</summary>
    public static VerbDescriptor Describe<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>()
    {
        var verb = typeof(T).GetCustomAttribute<VerbAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [Verb] attribute.");
        var options = new List<OptionDescriptor>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<OptionAttribute>() is not { LongName.Length: > 0 } option)
            {
                continue;
            }
            char? shortName = option.ShortName is { Length: 1 } letter ? letter[0] : null;
            options.Add(new OptionDescriptor(option.LongName, shortName, KindOf(property.PropertyType, option), ValueTypeOf(property.PropertyType)));
        }
        return new VerbDescriptor(verb.Name, options);
    }

    private static OptionKind KindOf(Type type, OptionAttribute option) =>
        type == typeof(bool) ? OptionKind.Switch
        : option.FlagCounter ? OptionKind.Counter
        : type != typeof(string) && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? OptionKind.Sequence
        : OptionKind.Scalar;

    private static Type ValueTypeOf(Type type) =>
        type != typeof(string) && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type.GetGenericArguments()[0]
        : Nullable.GetUnderlyingType(type) ?? type;
}
