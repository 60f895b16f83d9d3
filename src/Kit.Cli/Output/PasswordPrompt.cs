using System.Text;

namespace Kit.Cli.Output;

/// <summary>Interactive username/password prompts for <c>kit login</c> on a terminal.</summary>
internal static class PasswordPrompt
{
    public static string ReadLine(TextWriter prompt, TextReader input, string label)
    {
        prompt.Write(label);
        prompt.Flush();
        return input.ReadLine()?.Trim() ?? "";
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    public static string ReadHidden(TextWriter prompt, string label)
    {
        prompt.Write(label);
        prompt.Flush();
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
        prompt.WriteLine();
        return secret.ToString();
    }
}
