namespace Kit.Oci.Tests;

internal static class Writable
{
    /// <summary>Blobs are stored read-only; tests that damage one on purpose make it writable first.</summary>
    public static void Make(string path)
    {
        if (OperatingSystem.IsWindows())
            File.SetAttributes(path, FileAttributes.Normal);
        else
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
