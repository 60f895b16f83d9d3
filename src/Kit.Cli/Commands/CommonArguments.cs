using Kit.Core.Client;
using Kit.Core.References;
using Kit.Core.Store;

namespace Kit.Cli.Commands;

internal static class CommonArguments
{
    /// <summary>A reference argument; <paramref name="what"/> names it when it is missing.</summary>
    public static ModelReference ParseReference(string? value, string what = "reference") => KitClient.Parse(value, what);

    /// <summary>
    /// KitOps 1.17's notice when a reference names no tag and <c>latest</c> is used: <c>&lt;what&gt;. Using 'latest' as default
    /// ('&lt;arg&gt;:latest')</c>, an info line on stderr.
    /// </summary>
    public static void NoTagNotice(CliContext ctx, ModelReference reference, string arg, string what)
    {
        if (!reference.IsTagExplicit && !reference.IsDigestReference && reference.Repository != ModelReference.UnnamedRepository)
            ctx.Log.Info($"{what}. Using 'latest' as default ('{arg}:latest')");
    }

    /// <summary>
    /// <see cref="NoTagNotice(CliContext, ModelReference, string, string)"/> for an argument parsed elsewhere; an argument that
    /// does not parse gets no notice (its command reports it).
    /// </summary>
    public static void NoTagNotice(CliContext ctx, string? arg, string what)
    {
        if (arg is not null && ModelReference.TryParse(arg, out var reference))
            NoTagNotice(ctx, reference, arg, what);
    }

    /// <summary>
    /// The local store, through the facade so that ModelKits KitOps stored on this machine are migrated before any
    /// command looks (a no-op costing one directory listing once done).
    /// </summary>
    public static async Task<LocalModelKits> OpenStoreAsync(CliContext ctx)
    {
        using var kit = RegistryAccess.Client(ctx);
        return await kit.StoreAsync().ConfigureAwait(false);
    }
}
