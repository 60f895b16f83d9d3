using System.Runtime.CompilerServices;

namespace Kit.Cli.Tests.Infrastructure;

internal static class InProcessKit
{
    /// <summary>
    /// Each in-process kit run blocks its test thread while kit's own async work needs pool threads; without
    /// headroom the pool grows one thread at a time and parallel tests crawl.
    /// </summary>
    [ModuleInitializer]
    internal static void ReservePoolThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
