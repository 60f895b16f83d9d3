using Kit.Core.HuggingFace;

namespace Kit.Core.Importing;

/// <summary>
/// A Hugging Face repository read through the Hub's HTTP API: the revision pinned to a commit first, so every later
/// call reads one snapshot; files downloaded in parallel, resumed and verified by <see cref="HubDownloader"/>.
/// </summary>
internal sealed class HubSnapshot : IRepositorySnapshot
{
    private readonly HuggingFaceRepository _repository;
    private readonly HubDownloader _downloader;
    private readonly string _directory;
    private readonly int _concurrency;

    private HubSnapshot(HuggingFaceRepository repository, string commit, IReadOnlyList<HubFile> files, HubDownloader downloader, string directory,
        int concurrency)
    {
        (_repository, Commit, Files, _downloader, _directory, _concurrency) = (repository, commit, files, downloader, directory, concurrency);
    }

    public string SourceUri => "hf://" + _repository;

    public string Commit { get; }

    public (string Name, string Owner) Names => (_repository.Name, _repository.Owner);

    public IReadOnlyList<HubFile> Files { get; }

    /// <param name="hub">The Hub client.</param>
    /// <param name="repository">What to read.</param>
    /// <param name="revision">Branch, tag or commit; pinned to its commit here.</param>
    /// <param name="cache">The import cache; the files go to a directory of it named after the repository and commit, so an interrupted import resumes.</param>
    /// <param name="concurrency">Files downloaded at a time.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public static async Task<(HubSnapshot Snapshot, string Directory)> OpenAsync(HuggingFaceHub hub, HuggingFaceRepository repository, string revision,
        string cache, int concurrency, CancellationToken cancellationToken)
    {
        var commit = await Prefixed($"failed to pin commit for {repository}@{revision}", hub.PinAsync(repository, revision, cancellationToken))
            .ConfigureAwait(false);
        var files = await Prefixed("failed to list files from HuggingFace API", hub.ListFilesAsync(repository, commit, cancellationToken))
            .ConfigureAwait(false);
        var directory = Path.Combine(cache, $"{repository.Owner}--{repository.Name}--{commit}");
        return (new HubSnapshot(repository, commit, files, new HubDownloader(hub, repository, commit), directory, concurrency), directory);
    }

    public async Task<string> ReadTextAsync(HubFile file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, file.Path);
        await _downloader.DownloadAsync(file, path, null, cancellationToken).ConfigureAwait(false);
        return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public Task FetchAsync(IReadOnlyList<HubFile> files, IImportObserver observer, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken }, async (f, ct) =>
        {
            observer.Info($"Downloading file {f.Path}");
            await _downloader.DownloadAsync(f, Path.Combine(_directory, f.Path), observer.DownloadStarted(f.Path, f.Size), ct).ConfigureAwait(false);
        });

    private static async Task<T> Prefixed<T>(string what, Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is KitException or HttpRequestException)
        {
            throw new KitException($"{what}: {e.Message}", e);
        }
    }
}
