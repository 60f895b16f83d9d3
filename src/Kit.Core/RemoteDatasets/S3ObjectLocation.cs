namespace Kit.Core.RemoteDatasets;

/// <summary>The object a dataset's <c>remotePath</c> names: <c>s3://bucket/key[?versionId=v]</c>.</summary>
/// <param name="Bucket">The URL's host.</param>
/// <param name="Key">The URL's path without its leading slash, percent-escapes decoded.</param>
/// <param name="VersionId">The <c>versionId</c> query parameter; null without one.</param>
internal sealed record S3ObjectLocation(string Bucket, string Key, string? VersionId)
{
    private const string Scheme = "s3://";

    /// <exception cref="KitException">Not an <c>s3://bucket/key</c> URL.</exception>
    public static S3ObjectLocation Parse(string remotePath)
    {
        if (!remotePath.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            throw Invalid(remotePath);
        var rest = remotePath[Scheme.Length..];
        string? versionId = null;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts[0] == "versionId" && parts.Length == 2)
                    versionId ??= Uri.UnescapeDataString(parts[1]);
            }
            rest = rest[..q];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
            throw Invalid(remotePath);
        return new S3ObjectLocation(rest[..slash], Uri.UnescapeDataString(rest[(slash + 1)..]), versionId is { Length: > 0 } ? versionId : null);
    }

    public override string ToString() => $"s3://{Bucket}/{Key}" + (VersionId is null ? "" : $"?versionId={VersionId}");

    private static KitException Invalid(string remotePath) =>
        new($"invalid remote path for dataset ({remotePath}): expected s3://bucket/key");
}
