using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>
/// How deep JSON may nest: Go's encoding/json reads 10,000 levels, System.Text.Json stops at 64 unless told. Whatever
/// KitOps writes or accepts (a config's parameters, an index label's JSON value) must read here too.
/// </summary>
internal static class GoJsonDepth
{
    public const int Max = 10_000;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = Max };

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = Max };
}
