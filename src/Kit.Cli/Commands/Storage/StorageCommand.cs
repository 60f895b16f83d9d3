using System.CommandLine;
using Kit.Core;
using Kit.Core.Formatting;
using Kit.Core.Store.Maintenance;
using Kit.Oci.Serialization;

namespace Kit.Cli.Commands.Storage;

/// <summary><c>kit storage info|verify</c>: what the local store holds, and whether it is sound.</summary>
public static class StorageCommand
{
    public static Command Create(CommandHandler handler)
    {
        var infoFormat = FormatOption();
        var info = new VerbCommand("info", "Show what the local store holds and what sharing blobs saves") { infoFormat };
        info.Examples = ["kit storage info", "kit storage info --format json"];
        handler.Bind(info, async (parse, ctx, ct) =>
        {
            var format = ReadFormat(parse, infoFormat);
            var report = await (await MaintenanceAsync(ctx).ConfigureAwait(false)).InfoAsync(ct).ConfigureAwait(false);
            if (format == "json") WriteJson(ctx.Out, report);
            else WriteTable(ctx.Out, report);
            return 0;
        });

        var verifyFormat = FormatOption();
        var verify = new VerbCommand("verify", "Re-hash every blob and check every ModelKit and KitOps's files; exit 1 on any problem") { verifyFormat };
        verify.Examples = ["kit storage verify", "kit storage verify --format json"];
        handler.Bind(verify, async (parse, ctx, ct) =>
        {
            var format = ReadFormat(parse, verifyFormat);
            var result = await (await MaintenanceAsync(ctx).ConfigureAwait(false)).VerifyAsync(ct: ct).ConfigureAwait(false);
            if (format == "json")
            {
                WriteJson(ctx.Out, result);
            }
            else
            {
                foreach (var problem in result.Problems)
                    ctx.Out.WriteLine(problem.ToString());
                ctx.Out.WriteLine($"Verified {result.Blobs} blob(s) ({SizeFormatter.Format(result.Bytes)}) and {result.ModelKits} ModelKit(s): "
                    + (result.Problems.Count == 0 ? "no problems" : $"{result.Problems.Count} problem(s)"));
            }
            return result.Problems.Count == 0 ? 0 : 1;
        });

        return new Command("storage", "See and check the local store") { info, verify };
    }

    /// <summary>The store as every command opens it (legacy layouts migrated, KitOps's changes read back).</summary>
    private static async Task<StorageMaintenance> MaintenanceAsync(CliContext ctx)
    {
        using var kit = RegistryAccess.Client(ctx);
        return new StorageMaintenance((await kit.StoreAsync().ConfigureAwait(false)).Store);
    }

    private static Option<string> FormatOption() =>
        new("--format") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };

    private static string ReadFormat(ParseResult parse, Option<string> option)
    {
        var format = parse.GetValue(option);
        return format is "table" or "json" ? format : throw new KitException($"invalid --format '{format}': use table or json");
    }

    private static void WriteTable(TextWriter output, StorageInfo info)
    {
        (string, string)[] rows =
        [
            ("ModelKits", $"{info.ModelKits} in {info.Repositories} repository(ies), {info.Tags} tag(s)"),
            ("Blobs", $"{info.Blobs} ({SizeFormatter.Format(info.BytesOnDisk)} on disk)"),
            ("Without sharing", $"{SizeFormatter.Format(info.BytesWithoutSharing)} (one copy of each blob per repository)"),
            ("Saved by sharing", SizeFormatter.Format(info.BytesSaved)),
            ("Unnamed blobs", $"{info.UnnamedBlobs} ({SizeFormatter.Format(info.UnnamedBytes)}): kept by remote unpack or left by interrupted commands"),
            ("Interrupted writes", $"{info.IngestFiles} file(s) ({SizeFormatter.Format(info.IngestBytes)}) in storage/ingest"),
        ];
        var width = rows.Max(r => r.Item1.Length) + 2;
        foreach (var (name, value) in rows)
            output.WriteLine((name + ":").PadRight(width + 1) + value);
    }

    private static void WriteJson(TextWriter output, StorageInfo info)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Property("modelKits", info.ModelKits);
        w.Property("tags", info.Tags);
        w.Property("repositories", info.Repositories);
        w.Property("blobs", info.Blobs);
        w.Property("bytesOnDisk", info.BytesOnDisk);
        w.Property("bytesWithoutSharing", info.BytesWithoutSharing);
        w.Property("bytesSaved", info.BytesSaved);
        w.Property("unnamedBlobs", info.UnnamedBlobs);
        w.Property("unnamedBytes", info.UnnamedBytes);
        w.Property("ingestFiles", info.IngestFiles);
        w.Property("ingestBytes", info.IngestBytes);
        w.EndObject();
        output.WriteLine(w.ToString());
    }

    private static void WriteJson(TextWriter output, StorageVerification result)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Property("blobs", result.Blobs);
        w.Property("bytes", result.Bytes);
        w.Property("modelKits", result.ModelKits);
        w.Name("problems");
        w.StartArray();
        foreach (var problem in result.Problems)
        {
            w.StartObject();
            w.Property("file", problem.File);
            w.Property("problem", problem.Problem);
            w.Property("repair", problem.Repair);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        output.WriteLine(w.ToString());
    }
}
