namespace Kit.Core.Kitfiles;

/// <summary>All problems found by <see cref="KitfileValidator"/>, reported together like KitOps does.</summary>
public sealed class KitfileValidationException : KitfileException
{
    /// <summary>A Kitfile that parsed but breaks the schema's rules.</summary>
    /// <param name="problems">Every problem found, one line each; the message lists them all.</param>
    public KitfileValidationException(IReadOnlyList<string> problems)
        : base("errors while validating Kitfile: \n" + string.Join("\n", problems.Select(p => "  * " + p))) =>
        Problems = problems;

    /// <summary>The problems, sorted byte-wise.</summary>
    public IReadOnlyList<string> Problems { get; }
}
