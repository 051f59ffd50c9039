namespace Dataflow.Installer.Index;

/// <summary>Which of several indexes a project's files come from (uv's <c>--index-strategy</c>).</summary>
internal enum IndexStrategy
{
    /// <summary>
    /// Only the first index that has the project (uv's default): a same-named project on a later index, which anyone
    /// may upload to, cannot shadow a private one (dependency confusion).
    /// </summary>
    FirstIndex,

    /// <summary>Every index's files together, the best version winning wherever it is (pip's behaviour).</summary>
    UnsafeBestMatch,
}
