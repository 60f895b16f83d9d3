namespace Kit.Oci.Remote.Auth;

/// <summary>The HTTP authentication schemes a registry can ask for.</summary>
internal enum AuthScheme
{
    Unknown,
    Basic,
    Bearer,
}
