using System.Net;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// The registry or its token realm refused us. The message is one line and never contains a secret:
/// <c>authentication failed for HOST (repository NAME): 401 UNAUTHORIZED: authentication required. Check your credentials or run kit login HOST</c>.
/// </summary>
public sealed class AuthenticationException : HttpRequestException
{
    /// <summary>The registry or its token realm refused the credential.</summary>
    /// <param name="registry">Registry host[:port].</param>
    /// <param name="repository">The repository the request was for, if any.</param>
    /// <param name="status">The HTTP status, if there was a response.</param>
    /// <param name="reason">What the server said, in one line.</param>
    public AuthenticationException(string registry, string? repository, HttpStatusCode? status, string reason)
        : base(Format(registry, repository, reason), null, status)
    {
        Registry = registry;
        Repository = repository;
        Reason = reason;
    }

    /// <summary>The registry host (<c>host[:port]</c>).</summary>
    public string Registry { get; }

    /// <summary>The repository the refused request was for; null for a registry-wide request such as login.</summary>
    public string? Repository { get; }

    /// <summary>What the server said, e.g. <c>401 UNAUTHORIZED: authentication required</c>.</summary>
    public string Reason { get; }

    private static string Format(string registry, string? repository, string reason) =>
        $"authentication failed for {registry}{(repository is null ? "" : $" (repository {repository})")}: {reason}. " +
        $"Check your credentials or run kit login {registry}";
}
