using System.Net;
using Amazon.Runtime;

namespace Kit.Core.RemoteDatasets;

/// <summary>The one place that words what S3 or the AWS SDK answered about a remote dataset.</summary>
internal static class S3Failure
{
    /// <param name="e">What the SDK threw: an <see cref="AmazonServiceException"/> (S3 answered) or an <see cref="AmazonClientException"/>.</param>
    /// <param name="location">The object.</param>
    /// <param name="remoteHash">The ETag the Kitfile expects.</param>
    /// <param name="action">What was being done (<c>download</c>, <c>verify</c>).</param>
    public static KitException Explain(Exception e, S3ObjectLocation location, string remoteHash, string action) => e switch
    {
        AmazonServiceException { StatusCode: HttpStatusCode.PreconditionFailed } => new KitException(
            $"remote dataset {location} has changed: its ETag is no longer remoteHash {remoteHash}; update remoteHash in the Kitfile or pin the object with ?versionId=", e),
        AmazonServiceException { StatusCode: HttpStatusCode.NotFound } s => new KitException(
            $"remote dataset {location} not found" + (string.IsNullOrEmpty(s.ErrorCode) ? "" : $" ({s.ErrorCode})"), e),
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } => new KitException(
            $"access denied to remote dataset {location}; set S3_ACCESS_KEY_ID and S3_SECRET_KEY (or AWS credentials) for an account that may read it", e),
        AmazonServiceException s => new KitException($"failed to {action} remote dataset {location}: {(int)s.StatusCode} {s.ErrorCode} {s.Message}".TrimEnd(), e),
        // The SDK lists every provider it tried, over several lines; what to do is shorter.
        _ when e.Message.StartsWith("Failed to resolve AWS credentials", StringComparison.Ordinal) => new KitException(
            $"failed to {action} remote dataset {location}: no AWS credentials found; set S3_ACCESS_KEY_ID and S3_SECRET_KEY, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile", e),
        _ => new KitException($"failed to {action} remote dataset {location}: {e.Message}", e),
    };
}
