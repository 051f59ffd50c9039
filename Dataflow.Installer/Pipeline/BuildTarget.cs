using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Pipeline;

/// <summary>What a source distribution is built for, and where its build requirements come from.</summary>
/// <param name="Interpreter">The environment the wheel is for; its base interpreter runs the build.</param>
/// <param name="TagKey">The interpreter's most specific tag: built wheels are cached per sdist and per this key.</param>
/// <param name="Sources">The indexes and find-links of the environment that wanted the sdist: build requirements come from the same places.</param>
/// <param name="Selection">Tags, Python version and format rules for choosing build requirements' files.</param>
/// <param name="Chain">The sdists whose builds led to this one, outermost first, to name a cycle.</param>
internal sealed record BuildTarget(
    InterpreterInfo Interpreter,
    string TagKey,
    DistributionFinder Sources,
    FileSelectionContext Selection,
    IReadOnlyList<string> Chain);
