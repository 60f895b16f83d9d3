using System.Net;

namespace Kit.Oci.Remote;

/// <summary>
/// A registry answered with an unexpected status. The message is one line, e.g.
/// <c>registry 127.0.0.1:5000: push org/model: 400 DIGEST_INVALID: provided digest did not match uploaded content</c>;
/// it never contains request headers, so no credentials can leak through it.
/// </summary>
public class RegistryException : Exception
{
    /// <summary>A registry answered <paramref name="statusCode"/> to an operation.</summary>
    /// <param name="registry">Registry host[:port].</param>
    /// <param name="operation">What was attempted, e.g. <c>push</c>.</param>
    /// <param name="subject">What it was attempted on (repository, reference or digest).</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errors">The distribution-spec errors from the body, if any.</param>
    /// <param name="bodyExcerpt">The start of a body that was not a spec error list, control characters escaped.</param>
    /// <param name="inner">The failure that caused it, if any.</param>
    public RegistryException(string registry, string operation, string subject, HttpStatusCode statusCode,
        IReadOnlyList<RegistryError> errors, string? bodyExcerpt, Exception? inner = null)
        : base(Format(registry, operation, subject, statusCode, errors, bodyExcerpt), inner)
    {
        Registry = registry;
        Operation = operation;
        Subject = subject;
        StatusCode = statusCode;
        Errors = errors;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>Registry host (and port) as the user wrote it.</summary>
    public string Registry { get; }

    /// <summary>What we were doing: "push blob", "fetch manifest", ...</summary>
    public string Operation { get; }

    /// <summary>Repository, with <c>:tag</c> or <c>@digest</c> when one was involved.</summary>
    public string Subject { get; }

    /// <summary>The HTTP status the registry answered.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Parsed distribution errors; empty when the body was not a JSON error document.</summary>
    public IReadOnlyList<RegistryError> Errors { get; }

    /// <summary>Up to 8 KiB of a body that was not a JSON error document, for diagnostics.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>True when any parsed error carries <paramref name="code"/> (e.g. <c>BLOB_UPLOAD_UNKNOWN</c>).</summary>
    public bool HasErrorCode(string code) => Errors.Any(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));

    private static string Format(string registry, string operation, string subject, HttpStatusCode status,
        IReadOnlyList<RegistryError> errors, string? excerpt)
    {
        var head = $"registry {registry}: {operation} {subject}: {(int)status}";
        if (errors.Count > 0)
            return head + " " + string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Message) ? e.Code : $"{e.Code}: {OneLine(e.Message, 512)}"));
        var text = ReasonPhrase(status);
        return string.IsNullOrWhiteSpace(excerpt) ? $"{head} {text}" : $"{head} {text}: {OneLine(excerpt, 256)}";
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => status.ToString(),
    };

    // Error pages (proxies, CDNs) are often multi-line HTML; one line keeps CLI output readable.
    internal static string OneLine(string text, int max)
    {
        var collapsed = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= max ? collapsed : collapsed[..max] + "…";
    }
}
