using System.CommandLine;
using Kit.Cli.Output;

namespace Kit.Cli.Commands.Inspect;

/// <summary>
/// <c>kit inspect</c>: digest, CLI version, config and manifest as indented JSON. Unlike KitOps,
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
            var isRemote = parse.GetValue(remote);
            using var kit = RegistryAccess.Client(ctx, isRemote ? network.Read(parse, ctx) : null);
            CommonArguments.NoTagNotice(ctx, parse.GetValue(modelkit), "No tag specified for inspect");
            ctx.Out.WriteLine(InspectJson.Format(await kit.ResolveAsync(parse.GetValue(modelkit)!, isRemote, "inspect", ct).ConfigureAwait(false)));
            return 0;
        });
        return command;
    }
}
