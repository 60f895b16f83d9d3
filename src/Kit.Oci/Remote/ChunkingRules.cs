namespace Kit.Oci.Remote;

/// <summary>Hosts whose upload endpoints reject or mishandle chunked (PATCH) uploads, so blobs go in one PUT.</summary>
/// <remarks>The same list KitOps keeps, decided on the host of the upload Location.</remarks>
internal static class ChunkingRules
{
    public static bool RequiresMonolithic(string host)
    {
        var h = host.TrimEnd('.').ToLowerInvariant();
        return h == "ghcr.io"
            || h == "gcr.io" || h.EndsWith(".gcr.io", StringComparison.Ordinal)
            || h.EndsWith(".pkg.dev", StringComparison.Ordinal)
            || h.EndsWith(".amazonaws.com", StringComparison.Ordinal)
            || h.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
    }
}
