namespace Kit.Cli.Output;

public enum LogLevel { Trace, Debug, Info, Warn, Error }
