namespace Kit.Core.Transfer;

public enum TransferBlobKind
{
    Config,
    Layer,
    Manifest,
}
