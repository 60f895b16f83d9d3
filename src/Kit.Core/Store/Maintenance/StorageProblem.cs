namespace Kit.Core.Store.Maintenance;

/// <summary>One thing <c>kit storage verify</c> found wrong.</summary>
/// <param name="File">The file concerned.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="Repair">What to do about it.</param>
internal sealed record StorageProblem(string File, string Problem, string Repair)
{
    public override string ToString() => $"{File}: {Problem}; {Repair}";
}
