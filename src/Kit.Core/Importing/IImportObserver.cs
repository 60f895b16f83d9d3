namespace Kit.Core.Importing;

/// <summary>What an import tells the person waiting for it: its downloads, then the pack.</summary>
internal interface IImportObserver : Packing.IPackObserver
{
    /// <summary>A file starts downloading; the returned receiver (null: none wanted) gets the bytes downloaded so far.</summary>
    IProgress<long>? DownloadStarted(string path, long size);
}
