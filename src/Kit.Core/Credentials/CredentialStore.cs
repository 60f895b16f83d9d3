using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Oci.Remote.Auth;
using Kit.Oci.Serialization;

namespace Kit.Core.Credentials;

/// <summary>
/// Credentials in a Docker-config-format file: kit's own <c>$KITOPS_HOME/credentials.json</c>, or (read-only by
/// convention) Docker's <c>config.json</c>. Reads honour <c>credHelpers</c>, <c>auths</c> (including legacy
/// <c>username</c>/<c>password</c> fields and URL keys) and <c>credsStore</c>, in that order, as Docker does.
/// Writes keep every other key, use tabs like oras/Docker, and publish by rename with mode 0600.
/// </summary>
internal sealed class CredentialStore : ICredentialProvider
{
    private readonly string? _pathVariable;

    public CredentialStore(string path, string? pathVariable = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _pathVariable = pathVariable;
    }

    public string Path { get; }

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default) =>
        new(GetAsync(registry, cancellationToken));

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        var root = Load();
        var key = ServerAddress.ToKey(registry);
        if (HelperFor(root, key, registry) is { } helper)
            return await helper.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (FindEntry(root, registry) is { } entry && Decode(entry.Value) is { } credential)
            return credential;
        if (Str(root, "credsStore") is { Length: > 0 } store)
            return await new CredentialHelper(store, _pathVariable).GetAsync(key, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Saves the credential; to the configured helper if there is one, otherwise into the file.</summary>
    public async Task StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        if (credential.IsEmpty)
            throw new ArgumentException("nothing to store: the credential is empty", nameof(credential));
        var root = Load();
        var key = ServerAddress.ToKey(registry);
        var auths = Auths(root, create: true)!;
        RemoveLegacyKeys(auths, registry, key);
        var helper = HelperFor(root, key, registry) ?? (Str(root, "credsStore") is { Length: > 0 } s ? new CredentialHelper(s, _pathVariable) : null);
        if (helper is not null)
        {
            await helper.StoreAsync(key, credential, cancellationToken).ConfigureAwait(false);
            // Docker leaves an empty entry so that tools listing the file know a login exists.
            auths[key] = new JsonObject();
        }
        else
        {
            auths[key] = Encode(credential);
        }
        Save(root);
    }

    /// <returns>True when something was removed.</returns>
    public async Task<bool> RemoveAsync(string registry, CancellationToken cancellationToken = default)
    {
        var root = Load();
        var key = ServerAddress.ToKey(registry);
        var removed = false;
        var helper = HelperFor(root, key, registry) ?? (Str(root, "credsStore") is { Length: > 0 } s ? new CredentialHelper(s, _pathVariable) : null);
        if (helper is not null && await helper.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            await helper.EraseAsync(key, cancellationToken).ConfigureAwait(false);
            removed = true;
        }
        if (Auths(root, create: false) is { } auths)
            removed |= RemoveLegacyKeys(auths, registry, key);
        if (removed)
            Save(root);
        return removed;
    }

    private JsonObject Load()
    {
        if (!File.Exists(Path))
            return new JsonObject();
        var bytes = File.ReadAllBytes(Path);
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return new JsonObject();
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new InvalidDataException($"{Path}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path}: invalid JSON: {ex.Message}", ex);
        }
    }

    private void Save(JsonObject root)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory);
            else
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var writer = new GoJsonWriter("\t");
        Write(writer, root);
        var bytes = Encoding.UTF8.GetBytes(writer.ToString());

        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private CredentialHelper? HelperFor(JsonObject root, string key, string registry)
    {
        if (root["credHelpers"] is not JsonObject helpers)
            return null;
        foreach (var candidate in (ReadOnlySpan<string>)[key, registry, ServerAddress.ToHost(registry)])
        {
            if (helpers[candidate] is JsonValue value && value.TryGetValue(out string? name) && name.Length > 0)
                return new CredentialHelper(name, _pathVariable);
        }
        return null;
    }

    private static JsonObject? Auths(JsonObject root, bool create)
    {
        if (root["auths"] is JsonObject auths)
            return auths;
        if (!create)
            return null;
        auths = new JsonObject();
        root["auths"] = auths;
        return auths;
    }

    private static KeyValuePair<string, JsonObject>? FindEntry(JsonObject root, string registry)
    {
        if (Auths(root, create: false) is not { } auths)
            return null;
        var key = ServerAddress.ToKey(registry);
        if (auths[key] is JsonObject exact)
            return new(key, exact);
        var host = ServerAddress.ToHost(registry);
        foreach (var (name, node) in auths)
        {
            if (node is JsonObject entry && ServerAddress.ToHost(name) == host)
                return new(name, entry);
        }
        return null;
    }

    private static bool RemoveLegacyKeys(JsonObject auths, string registry, string key)
    {
        var host = ServerAddress.ToHost(registry);
        var names = auths.Select(p => p.Key).Where(n => n == key || ServerAddress.ToHost(n) == host).ToList();
        foreach (var name in names)
            auths.Remove(name);
        return names.Count > 0;
    }

    private static RegistryCredential? Decode(JsonObject entry)
    {
        string? username = Str(entry, "username"), password = Str(entry, "password");
        if (Str(entry, "auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException ex)
            {
                // Do not show the value: it is the secret.
                throw new InvalidDataException("a credential entry has an \"auth\" field that is not base64", ex);
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                throw new InvalidDataException("a credential entry has an \"auth\" field without user:password");
            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        var identityToken = Str(entry, "identitytoken");
        if (identityToken is { Length: > 0 })
            return RegistryCredential.FromIdentityToken(identityToken, username == RegistryCredential.IdentityTokenUsername ? null : username);
        var credential = new RegistryCredential(username, password, accessToken: Str(entry, "registrytoken"));
        return credential.IsEmpty ? null : credential;
    }

    private static JsonObject Encode(RegistryCredential credential)
    {
        var entry = new JsonObject();
        if (credential.Username is not null || credential.Password is not null)
            entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
        if (credential.IdentityToken is not null)
            entry["identitytoken"] = credential.IdentityToken;
        if (credential.AccessToken is not null)
            entry["registrytoken"] = credential.AccessToken;
        return entry;
    }

    private static string? Str(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue(out string? s) ? s : null;

    private static void Write(GoJsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.Null();
                break;
            case JsonObject obj:
                writer.StartObject();
                foreach (var (name, child) in obj)
                {
                    writer.Name(name);
                    Write(writer, child);
                }
                writer.EndObject();
                break;
            case JsonArray array:
                writer.StartArray();
                foreach (var child in array)
                    Write(writer, child);
                writer.EndArray();
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        writer.StringValue(value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        writer.RawNumber(value.ToJsonString());
                        break;
                    case JsonValueKind.True:
                        writer.Bool(true);
                        break;
                    case JsonValueKind.False:
                        writer.Bool(false);
                        break;
                    default:
                        writer.Null();
                        break;
                }
                break;
        }
    }
}
