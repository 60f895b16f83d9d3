using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kit.Core.Unpacking;

namespace Kit.Core.RemoteDatasets;

/// <summary>
/// Fetches a dataset whose <c>remotePath</c> is an S3 object (<c>kit unpack --include-remote</c>) to the dataset's
/// <c>path</c>. The request carries <c>If-Match: remoteHash</c>, so S3 itself refuses an object that changed since the
/// Kitfile was written; the body must have the length S3 announced and match the checksum the SDK checks (the MD5 a
/// single-part object's ETag is, or S3's additional checksum), and the file is renamed into place only then.
/// </summary>
/// <param name="variable">Reads the <c>S3_*</c> environment variables (see <see cref="S3Connection"/>).</param>
internal sealed class S3DatasetDownloader(Func<string, string?> variable)
{
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Downloads <paramref name="remotePath"/> to <paramref name="path"/> under <paramref name="targetDirectory"/>.</summary>
    /// <param name="remotePath">The dataset's <c>s3://bucket/key[?versionId=v]</c>.</param>
    /// <param name="remoteHash">The object's ETag as the Kitfile gives it.</param>
    /// <param name="path">The dataset's path, relative to <paramref name="targetDirectory"/>.</param>
    /// <param name="targetDirectory">The unpack directory the path must stay inside.</param>
    /// <param name="overwrite">Replace an existing file (<c>-o</c>).</param>
    /// <param name="ignoreExisting">Keep an existing file (<c>-i</c>).</param>
    /// <param name="started">Told the object's size when the download starts; the progress it returns receives the bytes written.</param>
    /// <param name="cancellationToken">Stops the download; nothing is left at the path.</param>
    /// <returns>The file written, or null when an existing file was kept (<c>-i</c>).</returns>
    /// <exception cref="KitException">The object is missing, changed or not readable, or the path is taken.</exception>
    /// <exception cref="TarExtractionException">The path leaves the target or exists without -o / -i.</exception>
    public async Task<string?> DownloadAsync(string remotePath, string remoteHash, string path, string targetDirectory, bool overwrite,
        bool ignoreExisting, Func<long, IProgress<long>?>? started, CancellationToken cancellationToken)
    {
        var location = S3ObjectLocation.Parse(remotePath);
        var target = new ExtractionTarget(targetDirectory);
        var destination = target.Resolve(path);
        if (destination == target.Root) throw ExtractionTarget.Illegal(path);
        if (ExtractionTarget.KeepsExisting(destination, ExtractionTarget.Probe(destination), overwrite, ignoreExisting))
            return null;
        Directory.CreateDirectory(target.Root);
        target.EnsureParentDirectories(destination, path);

        using var client = S3Connection.Open(variable);
        var request = new GetObjectRequest { BucketName = location.Bucket, Key = location.Key, VersionId = location.VersionId, EtagToMatch = remoteHash };
        var temp = Path.Join(Path.GetDirectoryName(destination), $".kit-tmp-{Guid.NewGuid():N}");
        try
        {
            using var response = await client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            var expected = response.ContentLength;
            var written = await CopyAsync(response.ResponseStream, temp, started?.Invoke(expected), cancellationToken).ConfigureAwait(false);
            if (expected >= 0 && written != expected)
                throw new KitException($"remote dataset {location}: the download ended after {written} of {expected} bytes; run the unpack again");
            File.Move(temp, destination, overwrite);
            return destination;
        }
        catch (AmazonServiceException e)
        {
            throw S3Failure.Explain(e, location, remoteHash, "download");
        }
        catch (AmazonClientException e) when (e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
        {
            // The SDK checks the body against the MD5 (a single-part object's ETag) or the checksum S3 sent.
            throw new KitException($"remote dataset {location}: the downloaded bytes do not match the object's checksum; run the unpack again", e);
        }
        catch (AmazonClientException e)
        {
            throw S3Failure.Explain(e, location, remoteHash, "download");
        }
        finally
        {
            ExtractionTarget.DeleteQuietly(temp);
        }
    }

    private static async Task<long> CopyAsync(Stream input, string temp, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var output = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous,
        });
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[CopyBufferSize];
            long copied = 0;
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
                progress?.Report(copied);
            }
            return copied;
        }
    }
}
