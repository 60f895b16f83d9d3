using System.CommandLine;
using Kit.Core.Client;

namespace Kit.Cli.Commands.Login;

/// <summary><c>kit logout</c>: forgets the stored credential; no network.</summary>
public static class LogoutCommand
{
    public static Command Create(CommandHandler handler)
    {
        var registryArg = new Argument<string>("REGISTRY") { Description = "Registry host[:port]" };
        var command = new VerbCommand("logout", "Log out from an OCI registry") { registryArg };
        command.Examples =
        [
            "kit logout registry.example.com",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var registry = KitClient.RegistryHost(parse.GetValue(registryArg));
            using var kit = RegistryAccess.Client(ctx);
            if (!await kit.LogoutAsync(registry, ct).ConfigureAwait(false))
                ctx.Log.Warn($"no credentials were stored for {registry}");
            ctx.Out.WriteLine($"Successfully logged out from {registry}");
            return 0;
        });
        return command;
    }
}
