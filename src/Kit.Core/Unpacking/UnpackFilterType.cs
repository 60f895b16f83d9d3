namespace Kit.Core.Unpacking;

/// <summary>The parts of a ModelKit an unpack filter can select. <see cref="Model"/> also covers model parts.</summary>
public enum UnpackFilterType
{
    Kitfile,
    Model,
    Datasets,
    Code,
    Docs,
}
