namespace Dataflow.Installer.Index;

/// <summary>How cached index pages are used.</summary>
internal enum PageCachePolicy
{
    /// <summary>Fresh pages from the cache, stale ones revalidated.</summary>
    Default,

    /// <summary><c>--refresh</c>: every cached page is revalidated (a 304 still saves the body).</summary>
    Refresh,

    /// <summary><c>--offline</c>: only cached pages, fresh or not; no request is made.</summary>
    Offline,
}
