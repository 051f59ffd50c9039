namespace Dataflow.Installer.Tests.Support;

/// <summary>Which project page format <see cref="TestIndexServer"/> serves.</summary>
public enum TestIndexFormat
{
    /// <summary>Chosen from the request's Accept header (PEP 691 content negotiation); HTML without one.</summary>
    Negotiate,

    /// <summary>Always PEP 503 HTML (<c>text/html</c>), whatever the client asks for.</summary>
    Html,

    /// <summary>Always PEP 691 JSON, whatever the client asks for.</summary>
    Json,
}
