using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Core.HuggingFace;

/// <summary>
/// Downloads Hub files into a directory that outlives a failed run: bytes go to <c>&lt;file&gt;.part</c>, hashed as
/// they are written; a later run hashes what is there and asks only for the rest (<c>Range</c>). The file gets its
/// name only once its size and its sha256 (Git LFS files) or git blob id (other files) match what the Hub listed.
/// </summary>
internal sealed class HubDownloader(HuggingFaceHub hub, HuggingFaceRepository repository, string commit)
{
    private const string PartSuffix = ".part";
    private const int BufferSize = 1 << 20;

    /// <summary>Downloads <paramref name="file"/> to <paramref name="destination"/> unless a verified copy is already there.</summary>
    /// <param name="file">What the Hub listed.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="progress">Receives the bytes on disk so far (a resumed file starts at what it had); null for none.</param>
    /// <param name="cancellationToken">Stops the download; the part stays for the next run.</param>
    /// <exception cref="KitException">The Hub refused, the connection failed (the part is kept), or the content did not verify (the part is removed).</exception>
    public async Task DownloadAsync(HubFile file, string destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(destination))
        {
            progress?.Report(file.Size);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var part = destination + PartSuffix;
        var offset = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (offset > file.Size) offset = 0;
        using var check = new ContentCheck(file);
        if (offset > 0) await check.AddFileAsync(part, offset, cancellationToken).ConfigureAwait(false);
        progress?.Report(offset);

        if (offset < file.Size)
        {
            var url = hub.FileUrl(repository, commit, file.Path);
            using var response = await hub.GetAsync(url, offset > 0 ? offset : null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    ? HuggingFaceHub.Failure(response.StatusCode, "", repository, commit)
                    : new KitException($"received status code {(int)response.StatusCode} when downloading file {file.Path} from {url}");
            }
            // A server that ignores Range sends the whole file again.
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                offset = 0;
                check.Restart();
                progress?.Report(0);
            }
            try
            {
                var output = new FileStream(part, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
                await using (output.ConfigureAwait(false))
                {
                    var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (input.ConfigureAwait(false))
                    {
                        var buffer = new byte[BufferSize];
                        int read;
                        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            check.Add(buffer.AsSpan(0, read));
                            progress?.Report(offset += read);
                        }
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw new KitException(
                    $"downloading {file.Path} stopped after {new FileInfo(part).Length} of {file.Size} bytes ({e.Message}): run the import again to continue it", e);
            }
        }

        var length = new FileInfo(part).Length;
        if (length != file.Size)
        {
            File.Delete(part);
            throw new KitException($"mismatched file size for {file.Path}: expected {file.Size} but got {length}");
        }
        if (check.Mismatch() is { } why)
        {
            File.Delete(part);
            throw new KitException($"downloaded {file.Path} does not match the Hub's listing ({why}); it was removed: run the import again");
        }
        File.Move(part, destination, overwrite: false);
    }

    /// <summary>The hash the Hub lists for a file: sha256 for Git LFS files, else git's blob id (sha1 of <c>blob &lt;size&gt;\0</c> and the content).</summary>
    private sealed class ContentCheck : IDisposable
    {
        private readonly HubFile _file;
        private IncrementalHash? _hash;

        public ContentCheck(HubFile file)
        {
            _file = file;
            Restart();
        }

        private string? Expected => _file.Sha256 ?? _file.GitOid;

        private string Kind => _file.Sha256 is not null ? "sha256" : "git blob id";

        /// <summary>Starts over, for content that is sent again from its first byte.</summary>
        public void Restart()
        {
            _hash?.Dispose();
            _hash = null;
            if (_file.Sha256 is not null)
            {
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            }
            else if (_file.GitOid is not null)
            {
#pragma warning disable CA5350 // Git names blobs by SHA-1; here it detects corruption, not tampering (LFS files use sha256).
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
                _hash.AppendData(Encoding.ASCII.GetBytes($"blob {_file.Size}\0"));
            }
        }

        public void Dispose() => _hash?.Dispose();

        public void Add(ReadOnlySpan<byte> bytes) => _hash?.AppendData(bytes);

        /// <summary>Adds the first <paramref name="length"/> bytes already on disk (a part left by an earlier run).</summary>
        public async Task AddFileAsync(string path, long length, CancellationToken cancellationToken)
        {
            if (_hash is null) return;
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                var left = length;
                int read;
                while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    _hash.AppendData(buffer, 0, read);
                    left -= read;
                }
            }
        }

        /// <summary>Null when the content is what the Hub listed (or it listed no hash).</summary>
        public string? Mismatch()
        {
            if (_hash is null) return null;
            var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            return string.Equals(actual, Expected, StringComparison.OrdinalIgnoreCase) ? null : $"{Kind} {actual}, expected {Expected}";
        }
    }
}
