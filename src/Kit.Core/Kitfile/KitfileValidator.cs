using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

/// <summary>
/// KitOps 1.17's Kitfile validation (run on every Kitfile it loads): all problems are collected and reported together,
/// and a few findings are only warnings. Unlike KitOps before 1.17, paths are compared after cleaning, so <c>./m</c>,
/// <c>m/</c> and <c>m</c> collide.
/// </summary>
internal static partial class KitfileValidator
{
    private const int MaxPartTypeLength = 64;

    /// <summary>The one manifest version there is; anything else is read as it, with a warning.</summary>
    public const string ManifestVersion = "1.0.0";

    // Go's \w is ASCII-only.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartType();

    /// <summary>Reports the warnings, then fails when there is any problem.</summary>
    /// <exception cref="KitfileValidationException">When any problem is found.</exception>
    public static void Validate(Kitfile kitfile, Action<string>? warn = null)
    {
        if (warn is not null)
            foreach (var warning in FindWarnings(kitfile)) warn(warning);
        var problems = FindProblems(kitfile);
        if (problems.Count > 0) throw new KitfileValidationException(problems);
    }

    /// <summary>What KitOps logs as warnings when it loads the Kitfile, in its order.</summary>
    public static IReadOnlyList<string> FindWarnings(Kitfile kitfile)
    {
        var warnings = new List<string>();
        if (kitfile.ManifestVersion != ManifestVersion)
            warnings.Add($"Unrecognized manifestVersion {kitfile.ManifestVersion}: treating Kitfile as {ManifestVersion}");
        foreach (var dataset in kitfile.Datasets)
        {
            if (dataset.RemotePath.Length > 0 && dataset.RemoteHash.Length > 0
                && KitfilePathType.Of(dataset.RemotePath, out _) == KitfilePathKind.ModelKitReference)
                warnings.Add($"remoteHash is ignored for ModelKit references in datasets ({dataset.Path})");
        }
        return warnings;
    }

    /// <summary>The problems, sorted byte-wise, each without the <c>  * </c> bullet.</summary>
    public static IReadOnlyList<string> FindProblems(Kitfile kitfile)
    {
        var problems = new List<string>();
        var byPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        var layers = KitfileLayers.Of(kitfile).OrderBy(l => l.Kind.ValidationRank).ToList();
        foreach (var layer in layers)
        {
            var id = layer.Kind.ValidationId(layer);
            var key = KitfilePath.Clean(layer.Path);
            if (!byPath.TryGetValue(key, out var ids))
            {
                byPath[key] = ids = [];
                order.Add(key);
            }
            ids.Add(id);

            var pathKind = CheckPathType(layer, problems);
            if (IsAbsolute(layer.Path)) problems.Add($"absolute paths are not supported in a Kitfile (path {layer.Path} in {id})");
            else if (pathKind == KitfilePathKind.Local && (key == ".." || key.StartsWith("../", StringComparison.Ordinal)))
                problems.Add($"paths outside the context directory are not supported in a Kitfile (path {key} in {id})");

            switch (layer.Entry)
            {
                case ModelPart { Type.Length: > 0 } part:
                    if (!PartType().IsMatch(part.Type))
                        problems.Add($"{id} has invalid type (must be alphanumeric with dots, dashes, and underscores)");
                    if (Encoding.UTF8.GetByteCount(part.Type) > MaxPartTypeLength)
                        problems.Add($"{id} type is too long (must be fewer than 64 characters)");
                    break;
                case DatasetEntry dataset:
                    CheckRemote(dataset, problems);
                    break;
                case McpServerEntry server:
                    if (!server.Path.EndsWith(".mcpb", StringComparison.Ordinal))
                        problems.Add($"invalid path for mcpServer ({server.Path}): path must point to a single .mcpb file");
                    if (server.Name.Length == 0)
                        problems.Add($"mcpServer with path {server.Path} must have a name");
                    break;
            }
        }

        foreach (var name in kitfile.McpServers.Where(s => s.Name.Length > 0).GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"duplicate mcpServer name {name.Key}: names must be unique");

        foreach (var path in order)
        {
            var ids = byPath[path];
            if (ids.Count > 1)
                problems.Add($"{string.Join(", ", ids.Take(ids.Count - 1))} and {ids[^1]} use the same path {path}");
        }

        // Unpack puts a referenced ModelKit's datasets at the dataset's path; nothing else may be packed there.
        var remoteKits = kitfile.Datasets
            .Where(d => d.RemotePath.Length > 0 && KitfilePathType.Of(d.RemotePath, out _) == KitfilePathKind.ModelKitReference)
            .Select(d => KitfilePath.Clean(d.Path)).ToList();
        foreach (var layer in layers.Where(l => l.HasLayer))
        {
            var key = KitfilePath.Clean(layer.Path);
            if (remoteKits.Any(root => key != root && (root == "." || key.StartsWith(root + "/", StringComparison.Ordinal))))
                problems.Add($"{layer.Kind.ValidationId(layer)} uses a path ({key}) that is within the path for a remote dataset");
        }

        problems.Sort(Utf8Order.Instance);
        return problems;
    }

    /// <summary>The model may name a parent ModelKit; every other path must be local.</summary>
    private static KitfilePathKind CheckPathType(KitfileLayer layer, List<string> problems)
    {
        var kind = KitfilePathType.Of(layer.Path, out var error);
        var noun = layer.Kind.PathNoun;
        if (layer.Kind.MayReferenceModelKit)
        {
            if (error is not null) problems.Add($"invalid path for {noun}: {error}");
            if (kind is not (KitfilePathKind.Local or KitfilePathKind.ModelKitReference))
                problems.Add($"invalid path for {noun}: only local paths and ModelKit references are permitted");
            return kind;
        }
        if (error is not null) problems.Add($"invalid path for {noun} ({layer.Path}): {error}");
        if (kind != KitfilePathKind.Local) problems.Add($"invalid path for {noun} ({layer.Path}): only local paths are permitted");
        return kind;
    }

    private static void CheckRemote(DatasetEntry dataset, List<string> problems)
    {
        if (dataset.RemotePath.Length == 0)
        {
            if (dataset.RemoteHash.Length > 0) problems.Add("remote hash is only applicable when remotePath is set");
            return;
        }
        var kind = KitfilePathType.Of(dataset.RemotePath, out var error);
        if (error is not null) problems.Add($"invalid remote path for dataset ({dataset.RemotePath}): {error}");
        switch (kind)
        {
            case KitfilePathKind.S3:
                if (dataset.RemoteHash.Length == 0) problems.Add($"remoteHash is required when remote dataset paths are used ({dataset.RemotePath})");
                break;
            case KitfilePathKind.ModelKitReference:
                break;
            default:
                problems.Add($"only S3 URLs and ModelKit references are supported for remote dataset paths ({dataset.RemotePath})");
                break;
        }
    }

    private static bool IsAbsolute(string path) => path.StartsWith('/') || System.IO.Path.IsPathFullyQualified(path);
}
