using System.Text;

namespace Kit.Cli.Hosting;

/// <summary>
/// The process's standard streams as plain file descriptors. On Unix, <see cref="Console"/>'s own streams initialise
/// the terminal on first use when stdin is one, which switches it to keypad mode (<c>ESC[?1h ESC=</c>) and never
/// switches it back: a stray escape in every log and CI transcript. Writing to the descriptors directly changes no
/// terminal mode (and the live display measures the terminal through <see cref="TerminalSize"/>, not the console);
/// <see cref="DescriptorStream"/> says why not through a FileStream.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000", Justification = "The standard streams live as long as the process, like Console's own.")]
internal static class StandardStreams
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static TextWriter Writer(int descriptor)
    {
        if (OperatingSystem.IsWindows())
            return descriptor == 1 ? Console.Out : Console.Error;
        return TextWriter.Synchronized(new StreamWriter(new DescriptorStream(descriptor, FileAccess.Write), Utf8, bufferSize: 4096) { AutoFlush = true });
    }

    public static TextReader In()
    {
        if (OperatingSystem.IsWindows())
            return Console.In;
        return TextReader.Synchronized(new StreamReader(new DescriptorStream(0, FileAccess.Read), Utf8, detectEncodingFromByteOrderMarks: false));
    }
}
