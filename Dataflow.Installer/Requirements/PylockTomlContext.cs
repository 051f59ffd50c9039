using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Dataflow.Installer.Requirements;

/// <summary>Tomlyn's generated reader for a TOML document as a plain table model: no reflection in the native build.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class PylockTomlContext : TomlSerializerContext;
