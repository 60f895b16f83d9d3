using System.CommandLine;
using Kit.Core;

namespace Kit.Cli.Commands.Remove;

/// <summary><c>kit remove</c>.</summary>
public static class RemoveCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string?>("MODELKIT") { Arity = ArgumentArity.ZeroOrOne, Description = "[registry/]repository[:tag|@digest], tags may be comma-separated" };
        var force = new Option<bool>("--force", "-f") { Description = "Remove the manifest even if other tags refer to it" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all untagged modelkits (with --force: every modelkit)" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Remove the modelkit from its registry instead" };
        var command = new VerbCommand("remove", "Remove a modelkit from local storage") { modelkit, force, all, remote };
        command.Examples =
        [
            "kit remove sentiment:0.1.0                                # untags, or deletes its only tag's modelkit",
            "kit remove sentiment:0.1.0 --force                        # the modelkit and all its tags",
            "kit remove --all                                          # every untagged modelkit",
            "kit remove -r registry.example.com/team/sentiment:0.1.0   # from the registry",
        ];
        command.Aliases.Add("rm");
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var arg = parse.GetValue(modelkit);
            CommonArguments.NoTagNotice(ctx, arg, "No tag specified for remove");
            var isAll = parse.GetValue(all);
            var isForce = parse.GetValue(force);
            if (parse.GetValue(remote))
            {
                if (isAll || isForce) throw new KitException("cannot use --all or --force with --remote");
                if (arg is null) throw new KitException("modelkit is required for remove --remote");
                using var remoteKit = RegistryAccess.Client(ctx, network.Read(parse, ctx));
                var deleted = await remoteKit.RemoveRemoteAsync(arg, ct).ConfigureAwait(false);
                // KitOps prints nothing here; saying what went (and that every tag of it went) is more useful.
                ctx.Out.WriteLine($"Removed {deleted.Reference} (digest {deleted.Digest})");
                return 0;
            }
            if (isAll && arg is not null) throw new KitException("modelkit should not be specified when --all flag is used");
            if (!isAll && arg is null) throw new KitException("modelkit is required for remove unless --all is specified");

            using var kit = RegistryAccess.Client(ctx);
            var removed = isAll
                ? await kit.RemoveAllAsync(isForce, ct).ConfigureAwait(false)
                : await kit.RemoveAsync(arg!, isForce, ct).ConfigureAwait(false);
            foreach (var line in removed.Removed) ctx.Out.WriteLine(line);
            return 0;
        });
        return command;
    }
}
