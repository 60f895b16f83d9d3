using Amazon.Runtime;
using Amazon.S3.Model;
using Kit.Core.Kitfiles;

namespace Kit.Core.RemoteDatasets;

/// <summary>
/// What <c>kit pack</c> checks of datasets kept in S3, as KitOps 1.17 does: each object exists with the ETag the
/// Kitfile gives (a HEAD with <c>If-Match</c>), so a ModelKit never records a dataset that cannot be fetched.
/// </summary>
/// <param name="variable">Reads the <c>S3_*</c> environment variables (see <see cref="S3Connection"/>).</param>
internal sealed class S3DatasetVerifier(Func<string, string?> variable)
{
    /// <exception cref="KitException">An object is missing, changed or not readable.</exception>
    public async Task VerifyAsync(Kitfile kitfile, Action<string> info, CancellationToken cancellationToken)
    {
        var remote = (kitfile.Datasets ?? []).Where(d => d.RemotePath.Length > 0 && KitfilePathType.Of(d.RemotePath, out _) == KitfilePathKind.S3).ToList();
        if (remote.Count == 0) return;
        using var client = S3Connection.Open(variable);
        foreach (var dataset in remote)
        {
            var location = S3ObjectLocation.Parse(dataset.RemotePath);
            try
            {
                await client.GetObjectMetadataAsync(new GetObjectMetadataRequest
                {
                    BucketName = location.Bucket, Key = location.Key, VersionId = location.VersionId, EtagToMatch = dataset.RemoteHash,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException)
            {
                throw S3Failure.Explain(e, location, dataset.RemoteHash, "verify");
            }
            info($"Verified remote S3 dataset for path {dataset.Path}");
        }
    }
}
