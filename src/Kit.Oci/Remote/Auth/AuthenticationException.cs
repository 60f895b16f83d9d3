using System.Net;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// The registry or its token realm refused us. The message is one line and never contains a secret:
/// <c>authentication failed for HOST (repository NAME): 401 UNAUTHORIZED: authentication required. Check your credentials or run kit login HOST</c>.
/// </summary>
public sealed class AuthenticationException : HttpRequestException
{
    public AuthenticationException(string registry, string? repository, HttpStatusCode? status, string reason)
        : base(Format(registry, repository, reason), null, status)
    {
        Registry = registry;
        Repository = repository;
        Reason = reason;
    }

    /// <summary>The registry host (<c>host[:port]</c>).</summary>
    public string Registry { get; }

    public string? Repository { get; }

    /// <summary>What the server said, e.g. <c>401 UNAUTHORIZED: authentication required</c>.</summary>
    public string Reason { get; }

    private static string Format(string registry, string? repository, string reason) =>
        $"authentication failed for {registry}{(repository is null ? "" : $" (repository {repository})")}: {reason}. " +
        $"Check your credentials or run kit login {registry}";
}
