using System.CommandLine;
using System.Text.Json;
using Kit.Core;
using Kit.Oci.Serialization;

namespace Kit.Cli.Commands.Inspect;

/// <summary>
/// <c>kit inspect</c> (section 7.4): digest, CLI version, config and manifest as indented JSON. Unlike KitOps,
/// the JSON is data on stdout, not a log line, so <c>--log-level</c> and <c>-v</c> never change it.
/// </summary>
public static class InspectCommand
{
    public const string CliVersionAnnotation = "ml.kitops.modelkit.cli-version";

    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Inspect the modelkit in its registry" };
        var command = new Command("inspect", "Show the manifest and configuration of a modelkit as JSON") { modelkit, remote };
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var reference = CommonArguments.ParseSingle(parse.GetValue(modelkit), "inspect");
            if (parse.GetValue(remote))
                throw new KitException("kit inspect --remote needs registry support, which this build does not have yet");
            var kit = await CommonArguments.OpenStore(ctx).ResolveAsync(reference, ct).ConfigureAwait(false);

            var w = new GoJsonWriter("  ");
            w.StartObject();
            w.Property("digest", kit.Digest.ToString());
            w.Property("cliVersion", kit.Manifest.Annotations?.GetValueOrDefault(CliVersionAnnotation) ?? "unknown");
            using (var config = JsonDocument.Parse(kit.ConfigBytes))
            {
                w.Name("kitfile");
                GoJsonElementWriter.Write(w, config.RootElement);
            }
            using (var manifest = JsonDocument.Parse(kit.ManifestBytes))
            {
                w.Name("manifest");
                GoJsonElementWriter.Write(w, manifest.RootElement);
            }
            w.EndObject();
            ctx.Out.WriteLine(w.ToString());
            return 0;
        });
        return command;
    }
}
