namespace Kit.Core.Credentials;

/// <summary>A <c>docker-credential-*</c> helper is missing or failed; the message carries its own one-line reason.</summary>
public sealed class CredentialHelperException : Exception
{
    public CredentialHelperException(string helper, string message, Exception? inner = null)
        : base($"credential helper {helper}: {message}", inner) => Helper = helper;

    public string Helper { get; }
}
