using Kit.Core.Formatting;

namespace Kit.Core.Tests.Formatting;

/// <summary>
/// Native AOT strips the runtime's resource strings: exceptions then carry keys such as
/// <c>IO_FileNotFound_FileName, /tmp/x</c>. These are the messages as the AOT binary sees them.
/// </summary>
public sealed class FileSystemMessagesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-fsm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resource_keys_become_sentences_naming_the_path()
    {
        var file = Path.Combine(_dir, "f");
        File.WriteAllText(file, "x");
        Assert.Equal("/tmp/none does not exist", FileSystemMessages.Describe(new FileNotFoundException("IO_FileNotFound_FileName, /tmp/none")));
        Assert.Equal("/tmp/a/b does not exist", FileSystemMessages.Describe(new DirectoryNotFoundException("IO_PathNotFound_Path, /tmp/a/b")));
        Assert.Equal($"{_dir} is a directory, not a file", FileSystemMessages.Describe(new UnauthorizedAccessException($"UnauthorizedAccess_IODenied_Path, {_dir}")));
        Assert.Equal("permission denied: /root/x", FileSystemMessages.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /root/x")));
        Assert.Equal($"{file} already exists and is a file, not a directory", FileSystemMessages.Describe(new IOException($"IO_FileExists_Name, {file}", 17)));
        Assert.Equal("/tmp/l is locked by another process", FileSystemMessages.Describe(new IOException("IO_SharingViolation_File, /tmp/l", 11)));
    }

    [Fact]
    public void A_broken_pipe_is_not_a_locked_file()
    {
        // errno 32 is EPIPE on Linux, where Windows uses 32 for a sharing violation.
        var pipe = new IOException("Broken pipe", 32);
        Assert.True(FileSystemMessages.IsBrokenPipe(pipe));
        Assert.DoesNotContain("locked", FileSystemMessages.Describe(pipe), StringComparison.Ordinal);
        Assert.False(FileSystemMessages.IsBrokenPipe(new IOException("Broken pipe", 11)));
    }

    [Fact]
    public void Readable_runtime_messages_are_kept_and_given_the_path()
    {
        Assert.Equal("/data/x: No space left on device", FileSystemMessages.Describe(new IOException("No space left on device", 28), "/data/x"));
        Assert.Equal("No space left on device : '/data/x'", FileSystemMessages.Describe(new IOException("No space left on device : '/data/x'", 28)));
    }

    [Fact]
    public void Data_errors_are_not_file_system_failures()
    {
        Assert.False(FileSystemMessages.IsFileSystemFailure(new InvalidDataException("bad gzip")));
        Assert.False(FileSystemMessages.IsFileSystemFailure(new EndOfStreamException()));
        Assert.True(FileSystemMessages.IsFileSystemFailure(new UnauthorizedAccessException()));
    }
}
