using System.Text;

namespace Kit.Cli.Hosting;

/// <summary>Reads a line from the process's terminal without echoing it (the one use of <see cref="Console.ReadKey(bool)"/>).</summary>
internal static class TerminalSecret
{
    public static string ReadLine()
    {
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                    secret.Length--;
                continue;
            }
            if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.C or ConsoleKey.D)
                throw new OperationCanceledException();
            if (!char.IsControl(key.KeyChar))
                secret.Append(key.KeyChar);
        }
        return secret.ToString();
    }
}
