using Kit.Cli.Commands.Version;
using Kit.Cli.Output;
using Kit.Core.Client;
using Kit.Core.Credentials;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Transfer;

namespace Kit.Cli.Commands;

/// <summary>The Core services a command calls, on the command's home, environment, network settings and log.</summary>
internal static class RegistryAccess
{
    /// <summary>Network settings for commands without network flags (pack's parents, local-only forms): KitOps's defaults.</summary>
    public static RemoteSettings DefaultSettings { get; } = RemoteSettings.Default with { Version = VersionCommand.CliVersion };

    /// <summary>The library facade: what the verbs without kit-specific output (list, inspect, info, tag, remove, login, logout) call.</summary>
    public static KitClient Client(CliContext ctx, RemoteSettings? settings = null) => new(new KitClientOptions
    {
        Home = ctx.Home.Root,
        Network = settings ?? DefaultSettings,
        Environment = ctx.Variable,
        HttpHandlers = TraceHandlers(ctx),
        Messages = new LogMessages(ctx.Log),
    });

    public static RegistryClients OpenClients(CliContext ctx, RemoteSettings settings) =>
        new(settings, KitCredentials.CreateProvider(ctx.Home.Root, ctx.Variable), TraceHandlers(ctx)) { Notices = ctx.Log.Info };

    /// <summary>Push, pull and unpack with kit's own progress display (per-blob outcomes the facade's progress does not carry).</summary>
    public static ModelKitTransfers Transfers(CliContext ctx, LocalModelKits store, RegistryClients clients, ITransferObserver observer) =>
        new(store, clients, new TransferOptions { Concurrency = clients.Settings.Concurrency, Observer = observer }, ctx.Log.Info);

    /// <summary>ModelKit indexes (<c>kit index</c>, <c>pull -l</c>, <c>unpack -l</c>); <paramref name="clients"/> null for local-only verbs.</summary>
    public static Kit.Core.Indexes.ModelKitIndexes Indexes(CliContext ctx, LocalModelKits store, RegistryClients? clients, ITransferObserver observer) =>
        new(store, clients, new TransferOptions { Concurrency = clients?.Settings.Concurrency ?? NetworkOptions.DefaultConcurrency, Observer = observer },
            ctx.Log.Info, ctx.Log.Warn);

    public static Func<System.Net.Http.DelegatingHandler>[] TraceHandlers(CliContext ctx) =>
        ctx.Log.IsEnabled(LogLevel.Trace) ? [() => new HttpTraceHandler(ctx.Log)] : [];
}
