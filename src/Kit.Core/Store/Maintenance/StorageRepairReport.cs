namespace Kit.Core.Store.Maintenance;

/// <summary>The result of <c>kit storage repair</c>.</summary>
/// <param name="DryRun">Nothing was changed; <paramref name="Actions"/> says what would be.</param>
/// <param name="Actions">What was (or would be) repaired.</param>
/// <param name="Unrepaired">Problems repair cannot fix without losing data, each with what to do.</param>
internal sealed record StorageRepairReport(bool DryRun, IReadOnlyList<StorageAction> Actions, IReadOnlyList<StorageProblem> Unrepaired);
