namespace Kit.Core.Transfer;

internal enum TransferBlobKind
{
    Config,
    Layer,
    Manifest,
}
