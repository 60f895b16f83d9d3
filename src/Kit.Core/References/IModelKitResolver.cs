using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>Finds the Kitfile (config) of a referenced ModelKit; pack needs nothing else of a parent.</summary>
internal interface IModelKitResolver
{
    /// <exception cref="KitException">The kit cannot be found or read; the message is one line.</exception>
    Task<Kitfile> ResolveKitfileAsync(ModelReference reference, CancellationToken cancellationToken = default);
}
