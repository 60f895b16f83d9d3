using Kit.Core.Store.Maintenance;
using Kit.Oci.Serialization;

namespace Kit.Cli.Commands.Storage;

/// <summary>The <c>--format json</c> output of the <c>kit storage</c> verbs: indented, in a fixed field order.</summary>
internal static class StorageJson
{
    public static void Write(TextWriter output, StorageInfo info)
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
        w.Property("remoteUnpackBlobs", info.RemoteUnpackBlobs);
        w.Property("remoteUnpackBytes", info.RemoteUnpackBytes);
        w.EndObject();
        output.WriteLine(w.ToString());
    }

    public static void Write(TextWriter output, StorageVerification result)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Property("blobs", result.Blobs);
        w.Property("bytes", result.Bytes);
        w.Property("modelKits", result.ModelKits);
        WriteProblems(w, "problems", result.Problems);
        w.EndObject();
        output.WriteLine(w.ToString());
    }

    public static void Write(TextWriter output, StorageRepairReport report)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Name("dryRun");
        w.Bool(report.DryRun);
        WriteActions(w, "actions", report.Actions);
        WriteProblems(w, "unrepaired", report.Unrepaired);
        w.EndObject();
        output.WriteLine(w.ToString());
    }

    public static void Write(TextWriter output, StoragePruneReport report)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Name("dryRun");
        w.Bool(report.DryRun);
        WriteActions(w, "modelKits", report.ModelKits);
        WriteActions(w, "blobs", report.Blobs);
        WriteActions(w, "files", report.Files);
        w.Property("bytes", report.Bytes);
        w.EndObject();
        output.WriteLine(w.ToString());
    }

    private static void WriteProblems(GoJsonWriter w, string name, IEnumerable<StorageProblem> problems)
    {
        w.Name(name);
        w.StartArray();
        foreach (var problem in problems)
        {
            w.StartObject();
            w.Property("file", problem.File);
            w.Property("problem", problem.Problem);
            w.Property("repair", problem.Repair);
            w.EndObject();
        }
        w.EndArray();
    }

    private static void WriteActions(GoJsonWriter w, string name, IReadOnlyList<StorageAction> actions)
    {
        w.Name(name);
        w.StartArray();
        foreach (var action in actions)
        {
            w.StartObject();
            w.Property("file", action.File);
            w.Property("action", action.Action);
            w.Property("bytes", action.Bytes);
            w.EndObject();
        }
        w.EndArray();
    }
}
