namespace Dataflow.Installer.Index;

/// <summary>An <c>&lt;a&gt;</c> or <c>&lt;base&gt;</c> tag found by <see cref="HtmlAnchorScanner"/>, with decoded attribute values.</summary>
/// <param name="Name">The tag name, lowercase.</param>
/// <param name="Attributes">Attribute name (lowercase) to HTML-decoded value; a bare attribute has the value <c>""</c>.</param>
/// <param name="Text">For anchors, the decoded text up to the next tag; empty for <c>base</c>.</param>
internal sealed record HtmlTag(string Name, IReadOnlyDictionary<string, string> Attributes, string Text);
