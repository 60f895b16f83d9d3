using System.CommandLine;

namespace Kit.Cli.Commands.Tag;

/// <summary><c>kit tag SOURCE TARGET</c>: adds index entries only; blobs are never copied.</summary>
public static class TagCommand
{
    public static Command Create(CommandHandler handler)
    {
        var source = new Argument<string>("SOURCE") { Description = "ModelKit to tag" };
        var target = new Argument<string>("TARGET") { Description = "New reference ([registry/]repository[:tag])" };
        var command = new VerbCommand("tag", "Create a tag that refers to an existing modelkit") { source, target };
        command.Examples =
        [
            "kit tag sentiment:0.1.0 registry.example.com/team/sentiment:prod",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            using var kit = RegistryAccess.Client(ctx);
            CommonArguments.NoTagNotice(ctx, parse.GetValue(source), "No tag specified for tag");
            CommonArguments.NoTagNotice(ctx, parse.GetValue(target), "No tag specified for tag target");
            var tagged = await kit.TagAsync(parse.GetValue(source)!, parse.GetValue(target)!, ct).ConfigureAwait(false);
            ctx.Out.WriteLine($"Modelkit {Core.References.ModelReference.Parse(parse.GetValue(source)!)} tagged as {tagged.Reference}");
            return 0;
        });
        return command;
    }
}
