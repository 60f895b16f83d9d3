namespace Kit.Cli.Output.Templates;

/// <summary>A template that does not parse or cannot be executed; the message is one line.</summary>
internal sealed class TemplateException : Exception
{
    public TemplateException(string message) : base(message)
    {
    }

    public TemplateException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
