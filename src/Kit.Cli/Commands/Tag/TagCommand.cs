using System.CommandLine;

namespace Kit.Cli.Commands.Tag;

/// <summary><c>kit tag SOURCE TARGET</c> (section 7.6): adds index entries only; blobs are never copied.</summary>
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
            var src = CommonArguments.ParseReference(parse.GetValue(source), "source");
            var dst = CommonArguments.ParseReference(parse.GetValue(target), "target");
            await CommonArguments.OpenStore(ctx).TagAsync(src, dst, ct).ConfigureAwait(false);
            var dstTagged = dst.IsTagExplicit ? dst : dst.WithTag(Core.References.ModelReference.DefaultTag);
            ctx.Out.WriteLine($"Modelkit {src} tagged as {dstTagged}");
            return 0;
        });
        return command;
    }
}
