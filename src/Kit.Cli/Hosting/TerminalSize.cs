using System.Runtime.InteropServices;

namespace Kit.Cli.Hosting;

/// <summary>
/// The terminal's size, asked of the kernel (<c>ioctl(TIOCGWINSZ)</c>) on a standard descriptor. Console.WindowWidth
/// (and WindowHeight) answer too, but on Unix they first initialise the terminal, which switches it to keypad mode (<c>ESC[?1h ESC=</c>)
/// in the middle of a live display and in every transcript.
/// </summary>
internal static partial class TerminalSize
{
    private const nuint TIOCGWINSZ = 0x5413;

    /// <summary>Columns and rows of the terminal on stderr, else stdout, else stdin; null when none is a terminal or the platform is not Linux.</summary>
    public static (int Columns, int Rows)? Get()
    {
        if (OperatingSystem.IsWindows())
            return Console.IsErrorRedirected ? null : (Console.WindowWidth, Console.WindowHeight);
        // ioctl is variadic: its third argument is passed like a fixed one on Linux (x64, arm64), not on Apple silicon.
        if (!OperatingSystem.IsLinux())
            return null;
        foreach (var descriptor in (ReadOnlySpan<int>)[2, 1, 0])
        {
            if (Ioctl(descriptor, TIOCGWINSZ, out var size) == 0 && size.Columns > 0)
                return (size.Columns, size.Rows);
        }
        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int descriptor, nuint request, out WindowSize size);
}
