namespace Kit.Cli.Output;

public enum ProgressMode { None, Plain, Fancy }
