using Kit.Core;

namespace Kit.Cli.Commands.Import;

/// <summary>
/// Where <c>--attestation-output</c> goes, opened before the import so a bad path fails first: <c>-</c> is stdout;
/// a path gets a temporary file beside it that replaces the path only after a successful import, so an existing
/// file is untouched by a failed one.
/// </summary>
internal sealed class AttestationFile : IDisposable
{
    private readonly string? _target;
    private readonly string? _temp;
    private bool _committed;

    private AttestationFile(string? target, string? temp) => (_target, _temp) = (target, temp);

    /// <summary>Null when no attestation is asked for.</summary>
    public static AttestationFile? Open(string? output, string workingDirectory)
    {
        if (output is null) return null;
        if (output == "-") return new AttestationFile(null, null);
        var target = Path.GetFullPath(output, workingDirectory);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KitException($"failed to open attestation output {output}: {e.Message}", e);
        }
        return new AttestationFile(target, temp);
    }

    /// <summary>Writes the predicate: to <paramref name="stdout"/> for <c>-</c>, else into the file, renamed into place.</summary>
    public void Commit(string predicate, TextWriter stdout)
    {
        if (_target is null)
        {
            stdout.Write(predicate);
            return;
        }
        File.WriteAllText(_temp!, predicate);
        File.Move(_temp!, _target, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_temp is not null && !_committed) File.Delete(_temp);
    }
}
