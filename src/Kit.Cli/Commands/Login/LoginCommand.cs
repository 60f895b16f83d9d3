using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Client;
using Kit.Core.Remote;

namespace Kit.Cli.Commands.Login;

/// <summary>
/// <c>kit login</c>: checks the credential with <c>GET /v2/</c>, then stores it in
/// <c>$KITOPS_HOME/credentials.json</c>. The password never reaches a log line or an error message.
/// </summary>
public static class LoginCommand
{
    public const string InsecurePasswordWarning = "Warning: Using --password via CLI is insecure. Consider using --password-stdin instead";

    public static Command Create(CommandHandler handler)
    {
        var registryArg = new Argument<string>("REGISTRY") { Description = "Registry host[:port], e.g. ghcr.io or 127.0.0.1:5000" };
        var username = new Option<string?>("--username", "-u") { Description = "Registry username" };
        var password = new Option<string?>("--password", "-p") { Description = "Registry password or token (prefer --password-stdin)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password or token from stdin" };
        var command = new VerbCommand("login", "Log in to an OCI registry") { registryArg, username, password, passwordStdin };
        command.Examples =
        [
            "kit login registry.example.com -u alice --password-stdin < token.txt",
            "kit login ghcr.io -u alice                                # prompts for the password on a terminal",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var registry = KitClient.RegistryHost(parse.GetValue(registryArg));
            var settings = network.Read(parse, ctx);
            var (user, secret) = await ReadCredentialAsync(ctx, parse.GetValue(username), parse.GetValue(password), parse.GetValue(passwordStdin), ct)
                .ConfigureAwait(false);
            using var kit = RegistryAccess.Client(ctx, settings);
            try
            {
                await kit.LoginAsync(registry, user, secret, ct).ConfigureAwait(false);
            }
            catch (RegistryAccessException e) when (user is null && e.Kind is RegistryFailureKind.Authentication or RegistryFailureKind.AccessDenied)
            {
                // Without -u the secret is sent as an identity token, which most registries refuse with a bare 401.
                throw new KitException($"{e.Message}; no username was given (-u/--username), so the password was sent as an identity token", e);
            }
            ctx.Out.WriteLine("Log in successful");
            return 0;
        });
        return command;
    }

    private static async Task<(string? Username, string Password)> ReadCredentialAsync(CliContext ctx, string? username, string? password, bool fromStdin,
        CancellationToken ct)
    {
        if (fromStdin)
        {
            if (password is not null)
                throw new KitException("--password and --password-stdin are mutually exclusive");
            password = (await ctx.In.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
            if (password.Length == 0)
                throw new KitException("--password-stdin: no password on stdin");
        }
        else if (password is not null)
        {
            ctx.Log.Info(InsecurePasswordWarning);
        }
        else
        {
            if (ctx.Host.ReadSecret is not { } readSecret || !ctx.Host.StdinIsTerminal)
                throw new KitException("no password given and stdin is not a terminal: use --password-stdin (or -p)");
            if (string.IsNullOrEmpty(username))
                username = PasswordPrompt.ReadLine(ctx.Err, ctx.In, "Username: ");
            password = PasswordPrompt.ReadHidden(ctx.Err, readSecret, "Password: ");
        }
        // A secret without a username is stored as an identity (refresh) token, as Docker and KitOps store it.
        return (username, password);
    }
}
