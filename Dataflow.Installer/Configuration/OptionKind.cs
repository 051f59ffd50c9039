namespace Dataflow.Installer.Configuration;

/// <summary>How an option takes its value on the command line, which decides how a configured value is written back.</summary>
internal enum OptionKind
{
    /// <summary>A <c>bool</c> switch: present or not.</summary>
    Switch,

    /// <summary>A repeatable flag whose count is the value (<c>-vv</c>).</summary>
    Counter,

    /// <summary>One value: a string, a number or an enum member.</summary>
    Scalar,

    /// <summary>Several values (<c>IEnumerable&lt;string&gt;</c>), repeatable.</summary>
    Sequence,
}
