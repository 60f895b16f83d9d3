using System.CommandLine;
using Kit.Core.Kitfiles;

namespace Kit.Cli.Commands.Info;

/// <summary><c>kit info</c>: the Kitfile of a modelkit as YAML, or one node of it.</summary>
public static class InfoCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Read the modelkit from its registry" };
        var filter = new Option<string?>("--filter", "-f") { Description = "Print only this field, e.g. .package.name or .datasets" };
        var command = new VerbCommand("info", "Show the Kitfile of a modelkit") { modelkit, remote, filter };
        command.Examples =
        [
            "kit info sentiment:0.1.0                                  # the Kitfile as YAML",
            "kit info sentiment:0.1.0 --filter .datasets               # one node of it",
            "kit info -r registry.example.com/team/sentiment:0.1.0     # from the registry",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var isRemote = parse.GetValue(remote);
            using var kit = RegistryAccess.Client(ctx, isRemote ? network.Read(parse, ctx) : null);
            CommonArguments.NoTagNotice(ctx, parse.GetValue(modelkit), "No tag specified for info");
            var kitfile = (await kit.ResolveAsync(parse.GetValue(modelkit)!, isRemote, "info", ct).ConfigureAwait(false)).Kitfile;
            var yaml = parse.GetValue(filter) is { } f ? KitfileFilter.Apply(kitfile, f) : KitfileYaml.Write(kitfile);
            ctx.Out.Write(yaml.EndsWith('\n') ? yaml : yaml + "\n");
            return 0;
        });
        return command;
    }
}
