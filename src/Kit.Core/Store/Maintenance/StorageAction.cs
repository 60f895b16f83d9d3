namespace Kit.Core.Store.Maintenance;

/// <summary>One thing <c>kit storage repair</c> or <c>kit storage prune</c> did (or, in a dry run, would do).</summary>
/// <param name="File">The file or name concerned.</param>
/// <param name="Action">What was done to it and why.</param>
/// <param name="Bytes">Bytes freed by it; 0 when none.</param>
internal sealed record StorageAction(string File, string Action, long Bytes = 0)
{
    public override string ToString() => $"{File}: {Action}";
}
