using Amazon.Runtime;
using Kit.Core.RemoteDatasets;

namespace Kit.Core.Tests.RemoteDatasets;

public sealed class S3FailureTests
{
    private static readonly S3ObjectLocation Location = S3ObjectLocation.Parse("s3://bucket/data/train.csv?versionId=3");

    [Fact]
    public void Missing_credentials_are_one_line_that_says_what_to_set()
    {
        // The SDK's own text lists every provider it tried, one per line.
        var sdk = new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors:\n\nException 1 of 4: ...");
        Assert.Equal("failed to download remote dataset s3://bucket/data/train.csv?versionId=3: no AWS credentials found; set S3_ACCESS_KEY_ID and "
            + "S3_SECRET_KEY, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile", S3Failure.Explain(sdk, Location, "etag", "download").Message);
    }

    [Theory]
    [InlineData("s3://bucket/key", "bucket", "key", null)]
    [InlineData("s3://bucket/dir/a%20b.csv?versionId=v1&x=y", "bucket", "dir/a b.csv", "v1")]
    public void Locations_parse_as_bucket_key_and_version(string url, string bucket, string key, string? version) =>
        Assert.Equal(new S3ObjectLocation(bucket, key, version), S3ObjectLocation.Parse(url));

    [Theory]
    [InlineData("s3://bucket")]
    [InlineData("s3://bucket/")]
    [InlineData("s3:///key")]
    public void A_url_without_bucket_or_key_is_refused(string url) =>
        Assert.Equal($"invalid remote path for dataset ({url}): expected s3://bucket/key", Assert.Throws<KitException>(() => S3ObjectLocation.Parse(url)).Message);
}
