using Kit.Core;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Store.Migration;

namespace Kit.Cli.Commands;

internal static class CommonArguments
{
    public static ModelReference ParseReference(string? value, string what = "reference")
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new KitException($"missing {what}: give a ModelKit reference such as my-model:v1 or registry.example.com/team/model:v1");
        return ModelReference.TryParse(value, out var reference, out var error) ? reference : throw new KitException(error);
    }

    /// <summary>Commands that read one ModelKit refuse <c>repo:a,b</c> (section 5.2).</summary>
    public static ModelReference ParseSingle(string? value, string command)
    {
        var reference = ParseReference(value);
        if (reference.HasExtraTags)
            throw new KitException($"invalid reference format for {command}: extra tags are not supported: {string.Join(",", reference.ExtraTags)}");
        return reference;
    }

    /// <summary>
    /// Every command reaches the store through here, so ModelKits KitOps stored on this machine are migrated
    /// before any command looks (a no-op costing one directory listing once done).
    /// </summary>
    public static LocalModelKits OpenStore(CliContext ctx)
    {
        var layout = new Oci.Layout.OciLayoutStore(ctx.Home.Storage) { SyncBlobs = ctx.Home.SyncBlobs };
        // Commands call this synchronously; the migration only blocks on locks and local files.
        new KitOpsStoreMigration(layout, ctx.Log.Info, ctx.Log.Warn).MigrateIfNeededAsync().GetAwaiter().GetResult();
        return new(new LocalModelStore(layout));
    }
}
