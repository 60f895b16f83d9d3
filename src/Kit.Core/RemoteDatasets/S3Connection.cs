using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Kit.Core.RemoteDatasets;

/// <summary>
/// Opens S3 the way KitOps does: <c>S3_API_ENDPOINT</c> (an S3-compatible server, addressed path-style),
/// <c>S3_REGION</c>, and <c>S3_ACCESS_KEY_ID</c> + <c>S3_SECRET_KEY</c>; without those keys the AWS SDK's default
/// credential chain (<c>AWS_*</c> variables, shared credentials and config files, SSO, instance roles).
/// </summary>
internal static class S3Connection
{
    /// <summary>The region when neither <c>S3_REGION</c> nor the AWS variables name one: S3's global endpoint's.</summary>
    private const string FallbackRegion = "us-east-1";

    public static AmazonS3Client Open(Func<string, string?> variable)
    {
        var config = new AmazonS3Config();
        var region = variable("S3_REGION") ?? variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") ?? FallbackRegion;
        if (variable("S3_API_ENDPOINT") is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return variable("S3_ACCESS_KEY_ID") is { } key && variable("S3_SECRET_KEY") is { } secret
            ? new AmazonS3Client(new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
    }
}
