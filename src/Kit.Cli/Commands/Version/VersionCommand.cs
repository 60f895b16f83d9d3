using System.CommandLine;
using System.Reflection;

namespace Kit.Cli.Commands.Version;

public static class VersionCommand
{
    public static string CliVersion { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static Command Create(CommandHandler handler)
    {
        var notifications = new Option<bool?>("--show-update-notifications")
        {
            Description = "Enable (true) or disable (false) update notifications; kit for .NET never checks for updates on its own",
        };
        var command = new VerbCommand("version", "Display the version information for the CLI") { notifications };
        command.Examples =
        [
            "kit version",
        ];
        handler.Bind(command, (parse, ctx, _) =>
        {
            var show = parse.GetValue(notifications);
            var flag = Path.Combine(ctx.Home.Root, "disable-update-notifications");
            if (show is bool enable)
            {
                if (enable) File.Delete(flag);
                else
                {
                    Directory.CreateDirectory(ctx.Home.Root);
                    File.WriteAllBytes(flag, []);
                }
                return Task.FromResult(0);
            }
            ctx.Out.WriteLine($"Version: {CliVersion}");
            ctx.Out.WriteLine($"Commit: {ThisAssembly.Commit}");
            ctx.Out.WriteLine($"Built: {ThisAssembly.Built}");
            ctx.Out.WriteLine($".NET version: {Environment.Version}");
            return Task.FromResult(0);
        });
        return command;
    }
}
