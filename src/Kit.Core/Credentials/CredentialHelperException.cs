namespace Kit.Core.Credentials;

/// <summary>A <c>docker-credential-*</c> helper is missing or failed; the message carries its own one-line reason.</summary>
public sealed class CredentialHelperException : Exception
{
    /// <summary>A credential helper failed.</summary>
    /// <param name="helper">The helper's name (the <c>docker-credential-</c> suffix).</param>
    /// <param name="message">One line saying what failed.</param>
    /// <param name="inner">The failure that caused it, if any.</param>
    public CredentialHelperException(string helper, string message, Exception? inner = null)
        : base($"credential helper {helper}: {message}", inner) => Helper = helper;

    /// <summary>The helper's name (the <c>docker-credential-</c> suffix), for the message and for callers that fall back.</summary>
    public string Helper { get; }
}
