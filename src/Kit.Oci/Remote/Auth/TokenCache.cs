using System.Collections.Concurrent;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Bearer tokens per (registry, scope set). Concurrent callers that need the same missing token share one
/// request to the realm (single flight); a failed request is forgotten so the next caller tries again.
/// </summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, Task<BearerToken>> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TokenCache(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public static string Key(string registry, IEnumerable<string> scopes) =>
        registry.ToLowerInvariant() + " " + string.Join(' ', Scope.Merge(scopes));

    /// <summary>A fresh cached token, or null. Never waits for a request in flight.</summary>
    public BearerToken? TryGet(string key)
    {
        if (_entries.TryGetValue(key, out var task) && task.IsCompletedSuccessfully && task.Result.IsFresh(_time.GetUtcNow()))
            return task.Result;
        return null;
    }

    /// <summary>
    /// Returns a fresh token for <paramref name="key"/>, joining a request in flight or starting one with
    /// <paramref name="fetch"/>. A token equal to <paramref name="rejected"/> (the registry just refused it) is not reused.
    /// </summary>
    public async Task<BearerToken> GetOrFetchAsync(string key, Func<CancellationToken, Task<BearerToken>> fetch,
        string? rejected, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (!existing.IsCompleted)
                {
                    // A failure of the shared request is every waiter's failure: N callers with a wrong
                    // password must not become N token requests.
                    var shared = await existing.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (shared.Value != rejected)
                        return shared;
                }
                else if (existing.IsCompletedSuccessfully)
                {
                    // Completed: the await returns at once.
                    var cached = await existing.ConfigureAwait(false);
                    if (cached.Value != rejected && cached.IsFresh(_time.GetUtcNow()))
                        return cached;
                }
            }

            // The fetch must not die with the first caller's token: others may be waiting on it.
            var fresh = new TaskCompletionSource<BearerToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool won = existing is null
                ? _entries.TryAdd(key, fresh.Task)
                : _entries.TryUpdate(key, fresh.Task, existing);
            if (!won)
                continue;
            _ = RunAsync(key, fetch, fresh);
            return await fresh.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string key, Func<CancellationToken, Task<BearerToken>> fetch, TaskCompletionSource<BearerToken> completion)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            completion.SetResult(await fetch(timeout.Token).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Whatever the fetch throws is every waiter's failure: it is handed to them through the task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _entries.TryRemove(new KeyValuePair<string, Task<BearerToken>>(key, completion.Task));
            completion.SetException(ex);
        }
    }
}
