using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Client;
using Kit.Core.Comparison;
using Kit.Core.References;

namespace Kit.Cli.Commands.Diff;

/// <summary><c>kit diff MODELKIT1 MODELKIT2</c>: how two ModelKits differ, from the local store or their registries.</summary>
public static class DiffCommand
{
    private const string LocalPrefix = "local://";
    private const string RemotePrefix = "remote://";

    public static Command Create(CommandHandler handler)
    {
        var first = new Argument<string>("MODELKIT1") { Description = "[local://|remote://][registry/]repository[:tag|@digest]" };
        var second = new Argument<string>("MODELKIT2") { Description = "[local://|remote://][registry/]repository[:tag|@digest]" };
        var format = new Option<string>("--format") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new VerbCommand("diff",
            "Compare two modelkits: config, annotations and layers (local:// reads only the local store, remote:// only the registry; "
            + "without a prefix the local store is tried first)") { first, second, format };
        command.Examples =
        [
            "kit diff sentiment:0.1.0 sentiment:0.2.0                               # both from the local store",
            "kit diff remote://registry.example.com/team/llm:3 remote://registry.example.com/team/llm:4",
            "kit diff local://registry.example.com/team/llm:3 remote://registry.example.com/team/llm:3",
            "kit diff sentiment:0.1.0 sentiment:0.2.0 --format json",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var (a, b) = (parse.GetValue(first)!, parse.GetValue(second)!);
            var refA = ParseArgument(a, "ref1");
            var refB = ParseArgument(b, "ref2");
            using var kit = RegistryAccess.Client(ctx, network.Read(parse, ctx));
            var kitA = ResolveAsync(kit, a, refA, ct);
            var kitB = ResolveAsync(kit, b, refB, ct);
            var detailsA = await Describe(kitA, "ModelKit1").ConfigureAwait(false);
            var detailsB = await Describe(kitB, "ModelKit2").ConfigureAwait(false);

            var comparison = ModelKitComparison.Of(detailsA.Manifest, detailsB.Manifest);
            var diff = new DiffOutput(refA.ToString(), detailsA, refB.ToString(), detailsB, comparison);
            if (parse.GetValue(format) == "json") diff.WriteJson(ctx.Out);
            else diff.WriteText(ctx.Out);
            return 0;
        });
        return command;
    }

    private static ModelReference ParseArgument(string argument, string which) =>
        ModelReference.TryParse(WithoutPrefix(argument), out var reference, out var error)
            ? reference
            : throw new KitException($"Invalid arguments: failed to parse reference for {which}: {error}");

    private static string WithoutPrefix(string argument) =>
        argument.StartsWith(RemotePrefix, StringComparison.Ordinal) ? argument[RemotePrefix.Length..]
        : argument.StartsWith(LocalPrefix, StringComparison.Ordinal) ? argument[LocalPrefix.Length..]
        : argument;

    /// <summary>
    /// The one place diff reads ModelKits: <c>local://</c> only the store, <c>remote://</c> only the registry; without a
    /// prefix the store, then the registry when the kit is not stored and the reference names one.
    /// </summary>
    private static async Task<ModelKitDetails> ResolveAsync(KitClient kit, string argument, ModelReference reference, CancellationToken ct)
    {
        var name = reference.ToString();
        if (argument.StartsWith(RemotePrefix, StringComparison.Ordinal))
            return await kit.InspectAsync(name, remote: true, ct).ConfigureAwait(false);
        if (argument.StartsWith(LocalPrefix, StringComparison.Ordinal) || !reference.NamesRegistry)
            return await kit.InspectAsync(name, remote: false, ct).ConfigureAwait(false);
        try
        {
            return await kit.InspectAsync(name, remote: false, ct).ConfigureAwait(false);
        }
        catch (Core.Store.ModelKitNotFoundException)
        {
            return await kit.InspectAsync(name, remote: true, ct).ConfigureAwait(false);
        }
    }

    private static async Task<ModelKitDetails> Describe(Task<ModelKitDetails> resolving, string which)
    {
        try
        {
            return await resolving.ConfigureAwait(false);
        }
        catch (KitException e)
        {
            throw new KitException($"Failed to get manifest for {which}: {e.Message}", e);
        }
    }
}
