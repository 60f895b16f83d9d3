using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Credentials;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Transfer;

namespace Kit.Cli.Commands;

/// <summary>Opening registries from a command: the shared client, credentials from $KITOPS_HOME, trace logging.</summary>
internal static class RegistryAccess
{
    public static RegistryClients OpenClients(CliContext ctx, RemoteSettings settings) =>
        new(settings, KitCredentials.CreateProvider(ctx.Home.Root, ctx.Variable), TraceHandlers(ctx));

    public static Func<System.Net.Http.DelegatingHandler>[] TraceHandlers(CliContext ctx) =>
        ctx.Log.IsEnabled(LogLevel.Trace) ? [() => new HttpTraceHandler(ctx.Log)] : [];

    /// <summary>Push, pull and unpack for this command: its store, registry clients and progress.</summary>
    public static ModelKitTransfers Transfers(CliContext ctx, RegistryClients clients, ITransferObserver observer) =>
        new(CommonArguments.OpenStore(ctx), clients, new TransferOptions { Concurrency = clients.Settings.Concurrency, Observer = observer }, ctx.Log.Info);

    /// <summary>For <c>--remote</c> forms: a reference without registry would silently mean https://localhost.</summary>
    public static ModelReference RequireRegistry(ModelReference reference, string original) =>
        reference.NamesRegistry ? reference : throw new KitException($"can not check remote: {original} does not contain registry");
}
