namespace Kit.Oci.Remote.Auth;

/// <summary>An access token from a token realm and the moment it stops being usable.</summary>
internal sealed class BearerToken
{
    /// <summary>When the realm does not say (token spec: "defaults to 60 seconds").</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    public BearerToken(string value, DateTimeOffset obtainedAt, TimeSpan lifetime)
    {
        Value = value;
        ObtainedAt = obtainedAt;
        Lifetime = lifetime;
    }

    public string Value { get; }
    public DateTimeOffset ObtainedAt { get; }
    public TimeSpan Lifetime { get; }
    public DateTimeOffset ExpiresAt => ObtainedAt + Lifetime;

    /// <summary>
    /// Fresh enough to send: refreshed a little before expiry (a fifth of its life, at most 30 s) so a token does
    /// not run out between our check and the registry's.
    /// </summary>
    public bool IsFresh(DateTimeOffset now)
    {
        var margin = TimeSpan.FromTicks(Math.Min(Lifetime.Ticks / 5, TimeSpan.FromSeconds(30).Ticks));
        return now < ExpiresAt - margin;
    }

    public override string ToString() => $"bearer token (expires {ExpiresAt:O})";
}
