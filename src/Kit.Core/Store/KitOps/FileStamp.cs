namespace Kit.Core.Store.KitOps;

/// <summary>Size and modification time of a file: a stat tells whether someone rewrote it since we recorded it.</summary>
internal readonly record struct FileStamp(long Size, long ModifiedTicks)
{
    /// <summary>The stamp of an absent file.</summary>
    public static readonly FileStamp Absent = new(-1, 0);

    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : Absent;
    }
}
