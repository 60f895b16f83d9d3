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

    /// <summary>Prompts on <paramref name="prompt"/> and reads the answer without echo.</summary>
    public static string ReadHidden(TextWriter prompt, Func<string> readSecret, string label)
    {
        prompt.Write(label);
        prompt.Flush();
        var secret = readSecret();
        prompt.WriteLine();
        return secret;
    }
}
