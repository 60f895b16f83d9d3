namespace Kit.Core.Configuration;

/// <summary>No kit home was given and none can be derived from the environment.</summary>
public sealed class KitHomeNotFoundException()
    : KitException("Failed to read base config directory: neither KITOPS_HOME nor HOME is set. Set $KITOPS_HOME.");
