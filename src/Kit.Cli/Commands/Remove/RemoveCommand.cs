using System.CommandLine;
using Kit.Core;
using Kit.Core.Remote;
using Kit.Core.Store;

namespace Kit.Cli.Commands.Remove;

/// <summary><c>kit remove</c> (section 7.7).</summary>
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
            var isAll = parse.GetValue(all);
            var isForce = parse.GetValue(force);
            if (parse.GetValue(remote))
            {
                if (isAll || isForce) throw new KitException("cannot use --all or --force with --remote");
                if (arg is null) throw new KitException("modelkit is required for remove --remote");
                var reference = CommonArguments.ParseSingle(arg, "remove --remote");
                RegistryAccess.RequireRegistry(reference, arg);
                using var clients = RegistryAccess.OpenClients(ctx, network.Read(parse, ctx));
                var digest = await new RemoteModelKits(clients).DeleteAsync(reference, ct).ConfigureAwait(false);
                // KitOps prints nothing here; saying what went (and that every tag of it went) is more useful.
                ctx.Out.WriteLine($"Removed {reference} (digest {digest})");
                return 0;
            }
            if (isAll && arg is not null) throw new KitException("modelkit should not be specified when --all flag is used");
            if (!isAll && arg is null) throw new KitException("modelkit is required for remove unless --all is specified");

            var store = CommonArguments.OpenStore(ctx).Store;
            var remover = new ModelKitRemover(store, ctx.Out.WriteLine, ctx.Log.Warn);
            if (isAll) await remover.RemoveAllAsync(isForce, ct).ConfigureAwait(false);
            else await remover.RemoveAsync(CommonArguments.ParseReference(arg), isForce, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
