using System.CommandLine;
using Kit.Core;
using Kit.Core.Kitfiles;

namespace Kit.Cli.Commands.Info;

/// <summary><c>kit info</c> (section 7.5): the Kitfile of a modelkit as YAML, or one node of it.</summary>
public static class InfoCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Read the modelkit from its registry" };
        var filter = new Option<string?>("--filter", "-f") { Description = "Print only this field, e.g. .package.name or .datasets" };
        var command = new Command("info", "Show the Kitfile of a modelkit") { modelkit, remote, filter };
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var reference = CommonArguments.ParseSingle(parse.GetValue(modelkit), "info");
            if (parse.GetValue(remote))
                throw new KitException("kit info --remote needs registry support, which this build does not have yet");
            var kit = await CommonArguments.OpenStore(ctx).ResolveAsync(reference, ct).ConfigureAwait(false);
            var kitfile = KitfileJson.Read(kit.ConfigBytes);
            var yaml = parse.GetValue(filter) is { } f ? KitfileFilter.Apply(kitfile, f) : KitfileYaml.Write(kitfile);
            ctx.Out.Write(yaml.EndsWith('\n') ? yaml : yaml + "\n");
            return 0;
        });
        return command;
    }
}
