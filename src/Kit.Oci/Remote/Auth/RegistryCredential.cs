namespace Kit.Oci.Remote.Auth;

/// <summary>
/// What a registry login holds: a username and password, an identity (refresh) token, or a ready bearer token.
/// <see cref="ToString"/> never shows a secret, so a credential can appear in logs and exception data safely.
/// </summary>
internal sealed class RegistryCredential : IEquatable<RegistryCredential>
{
    /// <summary>Docker's convention for "the secret is an identity token": the username is literally <c>&lt;token&gt;</c>.</summary>
    public const string IdentityTokenUsername = "<token>";

    public RegistryCredential(string? username = null, string? password = null, string? identityToken = null, string? accessToken = null)
    {
        Username = NullIfEmpty(username);
        Password = NullIfEmpty(password);
        IdentityToken = NullIfEmpty(identityToken);
        AccessToken = NullIfEmpty(accessToken);
    }

    public static RegistryCredential FromPassword(string username, string password) => new(username, password);

    public static RegistryCredential FromIdentityToken(string token, string? username = null) => new(username, identityToken: token);

    public string? Username { get; }
    public string? Password { get; }

    /// <summary>A refresh token exchanged at the token realm (OAuth2 <c>refresh_token</c> grant).</summary>
    public string? IdentityToken { get; }

    /// <summary>A bearer token sent as-is (Docker's <c>registrytoken</c>).</summary>
    public string? AccessToken { get; }

    public bool HasPassword => Username is not null && Password is not null;

    public bool IsEmpty => Username is null && Password is null && IdentityToken is null && AccessToken is null;

    public override string ToString() =>
        IdentityToken is not null ? $"identity token{(Username is null ? "" : $" for {Username}")}"
        : AccessToken is not null ? "access token"
        : Username is not null ? $"user {Username}"
        : "anonymous";

    public bool Equals(RegistryCredential? other) =>
        other is not null && Username == other.Username && Password == other.Password
        && IdentityToken == other.IdentityToken && AccessToken == other.AccessToken;

    public override bool Equals(object? obj) => Equals(obj as RegistryCredential);

    public override int GetHashCode() => HashCode.Combine(Username, Password, IdentityToken, AccessToken);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
