using System.CommandLine;
using Kit.Core;
using Kit.Core.Formatting;
using Kit.Core.Store.Maintenance;
using Kit.Cli.Output;

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
            if (format == "json") StorageJson.Write(ctx.Out, report);
            else WriteTable(ctx.Out, report);
            return 0;
        });

        var verifyFormat = FormatOption();
        var verify = new VerbCommand("verify", "Re-hash every blob and check every ModelKit and KitOps's files; exit 1 on any problem") { verifyFormat };
        verify.Examples = ["kit storage verify", "kit storage verify --format json"];
        handler.Bind(verify, async (parse, ctx, ct) =>
        {
            var format = ReadFormat(parse, verifyFormat);
            var maintenance = await MaintenanceAsync(ctx).ConfigureAwait(false);
            var result = await LiveProgress.RunAsync(ctx, live => maintenance.VerifyAsync(HashProgress.For(live, "Verifying"), ct)).ConfigureAwait(false);
            if (format == "json")
            {
                StorageJson.Write(ctx.Out, result);
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

        var repairFormat = FormatOption();
        var repairDryRun = DryRunOption("Only say what would be repaired");
        var repair = new VerbCommand("repair", "Fix what can be fixed without losing data: unreadable index.json, corrupt blobs, entries whose manifest is gone, KitOps's files")
        {
            repairDryRun, repairFormat,
        };
        repair.Examples = ["kit storage repair --dry-run", "kit storage repair", "kit storage repair --format json"];
        handler.Bind(repair, async (parse, ctx, ct) =>
        {
            var format = ReadFormat(parse, repairFormat);
            var store = await StoreAsync(ctx, tolerateCorruptIndex: true).ConfigureAwait(false);
            var dryRun = parse.GetValue(repairDryRun);
            var report = await LiveProgress.RunAsync(ctx, live =>
                new StorageRepair(store).RepairAsync(dryRun, HashProgress.For(live, "Checking"), ct)).ConfigureAwait(false);
            if (format == "json")
            {
                StorageJson.Write(ctx.Out, report);
            }
            else
            {
                foreach (var action in report.Actions)
                    ctx.Out.WriteLine(action.ToString());
                foreach (var problem in report.Unrepaired)
                    ctx.Out.WriteLine("Cannot repair " + problem);
                var did = report.Actions.Count == 0 ? "Nothing to repair" : $"{(dryRun ? "Would repair" : "Repaired")} {report.Actions.Count} problem(s)";
                ctx.Out.WriteLine(report.Unrepaired.Count == 0 ? did : $"{did}; {report.Unrepaired.Count} problem(s) left that need the ModelKits again");
            }
            return report.Unrepaired.Count == 0 ? 0 : 1;
        });

        var pruneFormat = FormatOption();
        var pruneDryRun = DryRunOption("Only list what would be deleted and the bytes it frees");
        var prune = new VerbCommand("prune", "Delete untagged ModelKits, blobs nothing uses, and what interrupted commands left behind")
        {
            pruneDryRun, pruneFormat,
        };
        prune.Examples = ["kit storage prune --dry-run", "kit storage prune", "kit storage prune --format json"];
        handler.Bind(prune, async (parse, ctx, ct) =>
        {
            var format = ReadFormat(parse, pruneFormat);
            var store = await StoreAsync(ctx).ConfigureAwait(false);
            var dryRun = parse.GetValue(pruneDryRun);
            var report = await new StoragePrune(store).PruneAsync(dryRun, ct).ConfigureAwait(false);
            if (format == "json")
            {
                StorageJson.Write(ctx.Out, report);
            }
            else
            {
                foreach (var action in report.ModelKits.Concat(report.Blobs).Concat(report.Files))
                    ctx.Out.WriteLine(action.Bytes > 0 ? $"{action} ({SizeFormatter.Format(action.Bytes)})" : action.ToString());
                ctx.Out.WriteLine($"{(dryRun ? "Would prune" : "Pruned")} {report.ModelKits.Count} ModelKit(s), {report.Blobs.Count} blob(s) and "
                    + $"{report.Files.Count} other file(s): {SizeFormatter.Format(report.Bytes)}");
            }
            return 0;
        });

        return new Command("storage", "See, check, repair and prune the local store") { info, verify, repair, prune };
    }

    private static Option<bool> DryRunOption(string description) => new("--dry-run") { Description = description };

    private static async Task<Kit.Core.Store.LocalModelStore> StoreAsync(CliContext ctx, bool tolerateCorruptIndex = false)
    {
        using var kit = RegistryAccess.Client(ctx);
        return (await kit.StoreAsync(tolerateCorruptIndex).ConfigureAwait(false)).Store;
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
            ("Remote unpack", $"{info.RemoteUnpackBlobs} blob(s) ({SizeFormatter.Format(info.RemoteUnpackBytes)}) kept for the next unpack; kit cache clear frees them"),
            ("Unnamed blobs", $"{info.UnnamedBlobs} ({SizeFormatter.Format(info.UnnamedBytes)}): left by interrupted commands or other tools; kit storage prune deletes them"),
            ("Interrupted writes", $"{info.IngestFiles} file(s) ({SizeFormatter.Format(info.IngestBytes)}) in storage/ingest"),
        ];
        var width = rows.Max(r => r.Item1.Length) + 2;
        foreach (var (name, value) in rows)
            output.WriteLine((name + ":").PadRight(width + 1) + value);
    }
}
