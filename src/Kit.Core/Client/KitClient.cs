using System.Reflection;
using Kit.Core.Configuration;
using Kit.Core.Credentials;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Store.Migration;
using Kit.Core.Transfer;
using Kit.Core.Unpacking;
using Kit.Oci.Layout;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Client;

/// <summary>
/// ModelKits from a .NET application, on the same local store and credentials as the <c>kit</c> command: pack a
/// directory, push, pull, unpack, list, inspect, tag, remove, log in and out.
/// </summary>
/// <remarks>
/// References are written as on the command line, <c>[registry/]repository[:tag|@sha256:digest]</c>; without a registry
/// they name the local store (<c>localhost</c>). Failures are <see cref="KitException"/>s whose message is one line
/// that says what failed and what to do. One client can run several operations at once; dispose it to close its
/// registry connections.
/// </remarks>
/// <example>
/// <code>
/// using var kit = new KitClient(new KitClientOptions { Network = new() { PlainHttp = true } });
/// await kit.PullAsync("127.0.0.1:5000/team/sentiment:0.1.0");
/// await kit.UnpackAsync("127.0.0.1:5000/team/sentiment:0.1.0", "out", new UnpackOptions { Filters = ["model"] });
/// </code>
/// </example>
public sealed partial class KitClient : IDisposable
{
    private readonly KitClientOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly Lazy<RegistryClients> _registries;

    /// <summary>A client on the home directory and network settings of <paramref name="options"/> (defaults: those of the <c>kit</c> command).</summary>
    /// <exception cref="KitException">No home directory can be resolved (none given, and neither <c>KITOPS_HOME</c> nor <c>HOME</c> is set).</exception>
    public KitClient(KitClientOptions? options = null)
    {
        _options = options ?? new KitClientOptions();
        _environment = _options.Environment ?? System.Environment.GetEnvironmentVariable;
        Home = KitHome.Resolve(_options.Home, _environment);
        _registries = new Lazy<RegistryClients>(() =>
            new RegistryClients(_options.Network, KitCredentials.CreateProvider(Home.Root, _environment), _options.HttpHandlers)
            {
                Notices = _options.Messages is { } messages ? text => messages.Report(new KitMessage(KitMessageLevel.Info, text)) : null,
            });
    }

    /// <summary>The version of this library; recorded in the manifests it packs and sent in its User-Agent.</summary>
    public static string Version { get; } =
        typeof(KitClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>The home directory in use (store, credentials, cache).</summary>
    public KitHome Home { get; }

    /// <summary>Packs <paramref name="directory"/> as its Kitfile describes into a ModelKit in the local store (<c>kit pack</c>).</summary>
    /// <param name="directory">The context directory; Kitfile paths are relative to it.</param>
    /// <param name="options">Kitfile, tag and compression; null packs <c>directory/Kitfile</c> untagged and uncompressed.</param>
    /// <param name="progress">Receives a report per layer as it is written.</param>
    /// <param name="cancellationToken">Stops packing; nothing is named then.</param>
    /// <returns>The reference it was stored under and its manifest digest.</returns>
    public async Task<ModelKitResult> PackAsync(string directory, PackOptions? options = null, IProgress<KitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PackOptions();
        var reference = options.Tag is { } tag ? Parse(tag, "tag") : ModelReference.Unnamed;
        if (options.Push)
            PackPush.RequireRegistry(reference);
        else if (options.KeepLocal)
            throw new KitException("KeepLocal only applies with Push");
        var context = KitfileLocator.ContextDirectory(directory, Directory.GetCurrentDirectory());
        if (options.KitfilePath is not null && options.KitfileText is not null)
            throw new KitException("give either a Kitfile path or the Kitfile text, not both");
        var kitfile = options.KitfileText is { } text
            ? new KitfileSource(text, null)
            : KitfileLocator.Load(context, options.KitfilePath, Directory.GetCurrentDirectory(), TextReader.Null, stdinIsTerminal: true);

        var store = await StoreAsync().ConfigureAwait(false);
        var observer = new PackProgressReporter(progress, Message);
        var packer = ModelKitPacker.ForStore(store, _registries.Value, observer);
        var request = new PackRequest
        {
            ContextDirectory = context,
            Kitfile = kitfile,
            Reference = reference,
            Compression = options.Compression,
            Format = options.LayerFormat,
            Artifact = options.UseModelPack ? ArtifactFormat.ModelPack : ArtifactFormat.ModelKit,
            CliVersion = Version,
            Reread = options.Reread,
            Environment = _environment,
            Created = SourceDateEpoch.CreationTime(_environment(SourceDateEpoch.Variable), DateTimeOffset.UtcNow),
        };
        var manifest = options.Push
            ? await PackPush.PackAsync(packer, store.Store, _registries.Value, observer, request, options.KeepLocal, cancellationToken).ConfigureAwait(false)
            : await packer.PackAsync(request, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(reference.ToString(), manifest.Digest);
    }

    /// <summary>Uploads a ModelKit from the local store to a registry (<c>kit push</c>); blobs the registry has are skipped or mounted.</summary>
    /// <param name="source">The local ModelKit.</param>
    /// <param name="destination">Where to push it, with a registry; null pushes to <paramref name="source"/>, which then needs a registry.</param>
    /// <param name="progress">Receives a report per blob.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    /// <returns>The destination reference and the manifest digest.</returns>
    public async Task<ModelKitResult> PushAsync(string source, string? destination = null, IProgress<KitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var src = Parse(source, "source");
        if (src.HasExtraTags) throw new KitException("reference cannot include multiple tags");
        var dst = destination is null ? src : Parse(destination, "destination");
        if (dst.HasExtraTags) throw new KitException("target reference cannot include multiple tags");
        Message(KitMessageLevel.Info, ReferenceEquals(src, dst) ? $"Pushing {src}" : $"Pushing {src} to {dst}");
        var pushed = await (await TransfersAsync(progress).ConfigureAwait(false)).PushAsync(src, dst, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(dst.ToString(), pushed);
    }

    /// <summary>
    /// Downloads a ModelKit into the local store (<c>kit pull</c>), only the blobs the store lacks, each verified while it streams;
    /// then the ModelKits its <c>model.path</c> references, each into its own repository.
    /// </summary>
    /// <param name="reference">The ModelKit, with a registry.</param>
    /// <param name="progress">Receives a report per blob.</param>
    /// <param name="cancellationToken">Stops the transfer; a later pull resumes an interrupted download.</param>
    public async Task<PullResult> PullAsync(string reference, IProgress<KitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(reference);
        if (parsed.HasExtraTags) throw new KitException("reference cannot include multiple tags");
        Message(KitMessageLevel.Info, $"Pulling {parsed}");
        var (kit, parents) = await (await TransfersAsync(progress).ConfigureAwait(false)).PullAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new PullResult(parsed.ToString(), kit.Digest, [.. parents.Select(p => p.ToString())]);
    }

    /// <summary>
    /// Extracts all or part of a ModelKit into <paramref name="directory"/> (<c>kit unpack</c>), every layer verified while it is
    /// extracted. A ModelKit missing from the local store is read from its registry, downloading only the selected layers.
    /// </summary>
    /// <param name="reference">The ModelKit.</param>
    /// <param name="directory">Where to write its files (created when missing).</param>
    /// <param name="options">Filters and what to do with existing files; null unpacks everything and refuses to replace files.</param>
    /// <param name="progress">Receives a report per blob downloaded (none when everything is stored locally).</param>
    /// <param name="cancellationToken">Stops unpacking.</param>
    public async Task UnpackAsync(string reference, string directory, UnpackOptions? options = null, IProgress<KitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new UnpackOptions();
        var parsed = Parse(reference);
        if (parsed.HasExtraTags) throw new KitException("can not unpack multiple tags");
        UnpackFilterSet filters;
        try
        {
            filters = UnpackFilterSet.Parse(options.Filters);
        }
        catch (FormatException e)
        {
            throw new KitException(e.Message, e);
        }
        var target = await (await IndexesAsync(progress).ConfigureAwait(false))
            .ResolveUnpackTargetAsync(parsed, [.. options.Labels], cancellationToken).ConfigureAwait(false);
        var request = new UnpackRequest
        {
            Reference = target,
            TargetDirectory = Path.GetFullPath(directory),
            Filters = filters,
            Overwrite = options.Overwrite,
            IgnoreExisting = options.IgnoreExisting,
            IncludeRemote = options.IncludeRemote,
            Warn = text => Message(KitMessageLevel.Warning, text),
        };

        await (await TransfersAsync(progress).ConfigureAwait(false)).UnpackAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every ModelKit in the local store, one entry per manifest and repository, sorted by repository then digest (<c>kit list</c>).</summary>
    /// <param name="cancellationToken">Stops listing.</param>
    public Task<IReadOnlyList<ModelKitListing>> ListAsync(CancellationToken cancellationToken = default) =>
        ListAsync(withKitfiles: false, cancellationToken);

    /// <summary>The listing, each row with its Kitfile when <paramref name="withKitfiles"/>, as <c>kit list --filter</c> needs.</summary>
    internal async Task<IReadOnlyList<ModelKitListing>> ListAsync(bool withKitfiles, CancellationToken cancellationToken) =>
        await (await StoreAsync().ConfigureAwait(false)).ListAsync(withKitfiles, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The ModelKits of one repository (<c>kit list REPOSITORY</c>): with a registry, every ModelKit tag in that registry
    /// repository; without one, that repository of the local store. A tag or digest narrows it to that one.
    /// </summary>
    /// <param name="repository"><c>[registry/]repository[:tag|@digest]</c>.</param>
    /// <param name="cancellationToken">Stops listing.</param>
    public Task<IReadOnlyList<ModelKitListing>> ListAsync(string repository, CancellationToken cancellationToken = default) =>
        ListAsync(repository, withKitfiles: false, cancellationToken);

    /// <summary><see cref="ListAsync(string, CancellationToken)"/>, each local row with its Kitfile when <paramref name="withKitfiles"/>.</summary>
    internal async Task<IReadOnlyList<ModelKitListing>> ListAsync(string repository, bool withKitfiles, CancellationToken cancellationToken)
    {
        var reference = Parse(repository, "repository");
        if (reference.HasExtraTags) throw new KitException("repository cannot reference multiple tags");
        if (reference.NamesRegistry)
            return await new RemoteModelKits(_registries.Value).ListAsync(reference, cancellationToken).ConfigureAwait(false);

        var inRepository = (await ListAsync(withKitfiles, cancellationToken).ConfigureAwait(false)).Where(r => r.Repository == reference.FullRepository);
        if (reference.Digest is { } digest)
            return [.. inRepository.Where(r => r.Digest == digest)];
        if (reference.IsTagExplicit)
            return [.. inRepository.Where(r => r.Tags.Contains(reference.Tag!)).Select(r => r with { Tags = [reference.Tag!] })];
        return [.. inRepository];
    }

    /// <summary>A ModelKit's manifest, config and Kitfile (<c>kit inspect</c>), from the local store or its registry.</summary>
    /// <param name="reference">The ModelKit.</param>
    /// <param name="remote">Read it from its registry (the reference then needs one) instead of the local store.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public async Task<ModelKitDetails> InspectAsync(string reference, bool remote = false, CancellationToken cancellationToken = default)
    {
        var kit = await ResolveAsync(reference, remote, "inspect", cancellationToken).ConfigureAwait(false);
        return new ModelKitDetails(kit.Reference.ToString(), kit.Digest,
            kit.Manifest.Annotations?.GetValueOrDefault(ModelKitAnnotations.CliVersion), kit.Kitfile,
            kit.Manifest, kit.ManifestBytes, kit.ConfigBytes);
    }

    /// <summary>
    /// The ModelKit <paramref name="reference"/> names, from the local store or (with <paramref name="remote"/>) its registry:
    /// what inspect and info read. <paramref name="command"/> names the operation in error messages.
    /// </summary>
    internal async Task<ModelKit> ResolveAsync(string reference, bool remote, string command, CancellationToken cancellationToken)
    {
        var parsed = Parse(reference);
        if (parsed.HasExtraTags)
            throw new KitException($"invalid reference format for {command}: extra tags are not supported: {string.Join(",", parsed.ExtraTags)}");
        if (!remote)
            return await (await StoreAsync(repositories: [parsed.FullRepository]).ConfigureAwait(false)).ResolveAsync(parsed, cancellationToken).ConfigureAwait(false);
        RequireRegistry(parsed, reference);
        return await new RemoteModelKits(_registries.Value).ResolveAsync(parsed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a stored ModelKit another name, in the same or another repository (<c>kit tag</c>); no blob is copied.</summary>
    /// <param name="source">The stored ModelKit.</param>
    /// <param name="target">The new name, <c>[registry/]repository[:tag]</c> (tag <c>latest</c> when omitted).</param>
    /// <param name="cancellationToken">Stops tagging.</param>
    /// <returns>The new reference and the manifest digest.</returns>
    public async Task<ModelKitResult> TagAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        var src = Parse(source, "source");
        if (src.HasExtraTags) throw new KitException("source reference cannot include multiple tags");
        var dst = Parse(target, "target");
        // One target name per call: silently tagging only the first of "repo:3,4" would lose "4".
        if (dst.HasExtraTags) throw new KitException($"target reference {target} names several tags; give one tag at a time");
        var kit = await (await StoreAsync(repositories: [src.FullRepository, dst.FullRepository]).ConfigureAwait(false)).TagAsync(src, dst, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult((dst.IsTagExplicit ? dst : dst.WithTag(ModelReference.DefaultTag)).ToString(), kit.Digest);
    }

    /// <summary>
    /// Removes a ModelKit from the local store (<c>kit remove</c>): a tag that is its ModelKit's only one deletes it, one of several
    /// only untags (unless <paramref name="force"/>); a digest deletes the ModelKit and its tags in that repository. Blobs no
    /// ModelKit uses any more are deleted.
    /// </summary>
    /// <param name="reference">The ModelKit; <c>repo:a,b</c> removes several tags.</param>
    /// <param name="force">Delete the ModelKit and all its tags even when the reference is one of several tags.</param>
    /// <param name="cancellationToken">Stops removing.</param>
    public async Task<RemoveResult> RemoveAsync(string reference, bool force = false, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(reference);
        var removed = new List<string>();
        await (await RemoverAsync(removed, [parsed.FullRepository]).ConfigureAwait(false)).RemoveAsync(parsed, force, cancellationToken).ConfigureAwait(false);
        return new RemoveResult(removed);
    }

    /// <summary>Removes every untagged ModelKit from the local store, or with <paramref name="force"/> every ModelKit (<c>kit remove --all</c>).</summary>
    /// <param name="force">Remove tagged ModelKits too.</param>
    /// <param name="cancellationToken">Stops removing.</param>
    public async Task<RemoveResult> RemoveAllAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        await (await RemoverAsync(removed).ConfigureAwait(false)).RemoveAllAsync(force, cancellationToken).ConfigureAwait(false);
        return new RemoveResult(removed);
    }

    /// <summary>Deletes a ModelKit's manifest from its registry, and with it every tag naming it (<c>kit remove --remote</c>).</summary>
    /// <param name="reference">The ModelKit, with a registry.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <returns>The deleted manifest's digest.</returns>
    public async Task<ModelKitResult> RemoveRemoteAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(reference);
        if (parsed.HasExtraTags)
            throw new KitException($"invalid reference format for remove --remote: extra tags are not supported: {string.Join(",", parsed.ExtraTags)}");
        RequireRegistry(parsed, reference);
        var digest = await new RemoteModelKits(_registries.Value).DeleteAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new ModelKitResult(parsed.ToString(), digest);
    }

    /// <summary>
    /// Checks a credential against <paramref name="registry"/> (<c>GET /v2/</c> and its Basic or Bearer challenge) and stores it in
    /// the home's <c>credentials.json</c> (<c>kit login</c>), where later operations of this library and of the <c>kit</c> command find it.
    /// </summary>
    /// <param name="registry">Registry <c>host[:port]</c>; URL forms such as <c>https://host/v1/</c> are accepted.</param>
    /// <param name="username">The user name; null or empty stores <paramref name="password"/> as an identity token.</param>
    /// <param name="password">The password or token. It never appears in a message.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task LoginAsync(string registry, string? username, string password, CancellationToken cancellationToken = default)
    {
        var host = RegistryHost(registry);
        if (string.IsNullOrEmpty(password))
            throw new KitException("the password is empty");
        var credential = string.IsNullOrEmpty(username) ? RegistryCredential.FromIdentityToken(password) : RegistryCredential.FromPassword(username, password);

        await new RegistryLogin(_options.Network, KitCredentials.OpenStore(Home.Root, _environment), _options.HttpHandlers)
            .LoginAsync(host, credential, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the credential stored for <paramref name="registry"/> (<c>kit logout</c>); no network.</summary>
    /// <param name="registry">Registry <c>host[:port]</c>.</param>
    /// <param name="cancellationToken">Stops the update.</param>
    /// <returns>False when no credential was stored for it.</returns>
    public async Task<bool> LogoutAsync(string registry, CancellationToken cancellationToken = default) =>
        await KitCredentials.OpenStore(Home.Root, _environment).RemoveAsync(RegistryHost(registry), cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the registry connections.</summary>
    public void Dispose()
    {
        if (_registries.IsValueCreated)
            _registries.Value.Dispose();
    }

    /// <summary>Accepts <c>host[:port]</c> and the URL forms people paste (<c>https://host/v1/</c>).</summary>
    internal static string RegistryHost(string? value)
    {
        var host = string.IsNullOrWhiteSpace(value) ? "" : ServerAddress.ToHost(value);
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
            throw new KitException($"invalid registry '{value}': give a host[:port] such as ghcr.io or 127.0.0.1:5000");
        return host;
    }

    internal static ModelReference Parse(string? value, string what = "reference")
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new KitException($"missing {what}: give a ModelKit reference such as my-model:v1 or registry.example.com/team/model:v1");
        return ModelReference.TryParse(value, out var reference, out var error) ? reference : throw new KitException(error);
    }

    /// <summary>Remote forms: a reference without registry would silently mean https://localhost.</summary>
    private static void RequireRegistry(ModelReference reference, string written)
    {
        if (!reference.NamesRegistry)
            throw new KitException($"can not check remote: {written} does not contain registry");
    }

    private async Task<ModelKitTransfers> TransfersAsync(IProgress<KitProgress>? progress) =>
        new(await StoreAsync().ConfigureAwait(false), _registries.Value,
            new TransferOptions { Concurrency = _options.Network.Concurrency, Observer = TransferProgressReporter.For(progress) },
            text => Message(KitMessageLevel.Info, text));

    private async Task<ModelKitRemover> RemoverAsync(List<string> removed, IReadOnlyCollection<string>? repositories = null) =>
        new((await StoreAsync(repositories: repositories).ConfigureAwait(false)).Store, removed.Add, text => Message(KitMessageLevel.Warning, text));

    private void Message(KitMessageLevel level, string text) => _options.Messages?.Report(new KitMessage(level, text));

    /// <summary>
    /// Opens the store for one operation. ModelKits KitOps stored in its pre-0.3 layout are migrated first, and what
    /// KitOps changed in its current files since kit's last write is read back, so every operation sees them (each a
    /// no-op costing a directory listing and a few stats when there is nothing to do).
    /// </summary>
    /// <param name="tolerateCorruptIndex">Open it even when index.json cannot be read (<c>kit storage repair</c> repairs that).</param>
    /// <param name="repositories">The only repositories the operation reads or edits: only their KitOps files are checked.</param>
    internal async Task<LocalModelKits> StoreAsync(bool tolerateCorruptIndex = false, IReadOnlyCollection<string>? repositories = null)
    {
        void Info(string text) => Message(KitMessageLevel.Info, text);
        void Warn(string text) => Message(KitMessageLevel.Warning, text);
        var store = new LocalModelStore(LocalModelStore.OpenLayout(Home.Storage, Home.SyncBlobs, Info, Warn));
        await new KitOpsStoreMigration(store.Layout, Info, Warn).MigrateIfNeededAsync().ConfigureAwait(false);
        try
        {
            await store.CatchUpWithKitOpsAsync(repositories).ConfigureAwait(false);
        }
        catch (InvalidDataException) when (tolerateCorruptIndex)
        {
        }
        return new LocalModelKits(store, Warn);
    }
}
