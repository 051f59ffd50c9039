namespace Dataflow.Installer.Tests.Support;

/// <summary>How <see cref="TestIndexServer"/> misbehaves when serving one file or project page.</summary>
public enum TestIndexFault
{
    /// <summary>Serve normally.</summary>
    None,

    /// <summary>Listed on the index, but the URL answers 404.</summary>
    NotFound,

    /// <summary>Different bytes with the same length, so only a hash check notices.</summary>
    CorruptBody,

    /// <summary>The right bytes, but the index advertises a wrong sha256 for them.</summary>
    WrongIndexHash,

    /// <summary>The URL answers 500.</summary>
    ServerError,

    /// <summary>Full Content-Length announced, half the bytes sent, then the connection is dropped.</summary>
    TruncatedBody,

    /// <summary>Half the bytes are sent, then nothing until <see cref="TestIndexServer.ReleaseSlowBodies"/> or the server stops.</summary>
    SlowBody,

    /// <summary>The URL answers 503 Service Unavailable.</summary>
    Unavailable,

    /// <summary>The URL answers 429 Too Many Requests with <c>Retry-After: </c><see cref="TestIndexServer.RetryAfterSeconds"/>.</summary>
    TooManyRequests,
}
