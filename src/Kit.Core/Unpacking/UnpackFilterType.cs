namespace Kit.Core.Unpacking;

/// <summary>
/// The parts of a ModelKit an unpack filter can select, in the order error messages list them; <c>--filter</c>
/// spells each in lower case. <see cref="Model"/> also covers model parts (see <see cref="Format.LayerKind.Filter"/>).
/// </summary>
internal enum UnpackFilterType
{
    Kitfile,
    Model,
    Datasets,
    Code,
    Prompts,
    Docs,
    McpServers,
}
