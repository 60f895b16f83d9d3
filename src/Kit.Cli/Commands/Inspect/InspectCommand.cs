using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core.Store;

namespace Kit.Cli.Commands.Inspect;

/// <summary>
/// <c>kit inspect</c> (section 7.4): digest, CLI version, config and manifest as indented JSON. Unlike KitOps,
/// the JSON is data on stdout, not a log line, so <c>--log-level</c> and <c>-v</c> never change it.
/// </summary>
public static class InspectCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Inspect the modelkit in its registry" };
        var command = new VerbCommand("inspect", "Show the manifest and configuration of a modelkit as JSON") { modelkit, remote };
        command.Examples =
        [
            "kit inspect sentiment:0.1.0                               # digest, config and manifest as JSON",
            "kit inspect -r registry.example.com/team/sentiment:0.1.0  # from the registry",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var kit = await ResolveAsync(parse, ctx, parse.GetValue(modelkit), parse.GetValue(remote), network, "inspect", ct).ConfigureAwait(false);
            ctx.Out.WriteLine(InspectJson.Format(kit));
            return 0;
        });
        return command;
    }

    /// <summary>The kit named on the command line, from the local store or (with <c>--remote</c>) its registry.</summary>
    internal static async Task<ResolvedModelKit> ResolveAsync(ParseResult parse, CliContext ctx, string? argument, bool remote,
        NetworkOptions network, string command, CancellationToken ct)
    {
        var reference = CommonArguments.ParseSingle(argument, command);
        if (!remote)
            return await CommonArguments.OpenStore(ctx).ResolveAsync(reference, ct).ConfigureAwait(false);
        RegistryAccess.RequireRegistry(reference, argument!);
        using var clients = RegistryAccess.OpenClients(ctx, network.Read(parse, ctx));
        return await new Kit.Core.Remote.RemoteModelKits(clients).ResolveAsync(reference, ct).ConfigureAwait(false);
    }
}
