using System.CommandLine;
using Kit.Cli.Commands.Version;
using Kit.Core;
using Kit.Core.Remote;

namespace Kit.Cli.Commands;

/// <summary>The network flags, for every command that talks to a registry.</summary>
public sealed class NetworkOptions
{
    public const int DefaultConcurrency = 5;

    public Option<bool> PlainHttp { get; } = new("--plain-http")
    {
        Description = "Use plain HTTP instead of HTTPS (never chosen automatically, not even for localhost)",
    };

    public Option<bool> TlsVerify { get; } = new("--tls-verify")
    {
        Description = "Verify the registry's TLS certificate (--tls-verify=false to skip)",
        DefaultValueFactory = _ => true,
    };

    public Option<string[]> TlsCert { get; } = new("--tls-cert")
    {
        Description = "Path to TLS cert to add to trust store (flag can be repeated, or comma-separated): PEM CA certificates trusted for the registry",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Cert { get; } = new("--cert")
    {
        Description = "PEM client certificate for mutual TLS (default $KITOPS_CLIENT_CERT); needs --key",
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "PEM private key of --cert (default $KITOPS_CLIENT_KEY)",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = "Parallel transfers",
        DefaultValueFactory = _ => DefaultConcurrency,
    };

    public Option<string?> Proxy { get; } = new("--proxy")
    {
        Description = "Proxy URL for registry requests (default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY)",
    };

    /// <summary>Adds the flags to <paramref name="command"/> and returns this, for chaining at command definition.</summary>
    public static NetworkOptions AddTo(Command command)
    {
        var options = new NetworkOptions();
        command.Options.Add(options.PlainHttp);
        command.Options.Add(options.TlsVerify);
        command.Options.Add(options.TlsCert);
        command.Options.Add(options.Cert);
        command.Options.Add(options.Key);
        command.Options.Add(options.Concurrency);
        command.Options.Add(options.Proxy);
        return options;
    }

    public RemoteSettings Read(ParseResult parse, CliContext ctx) => Read(parse, ctx.Variable, ctx.WorkingDirectory);

    public RemoteSettings Read(ParseResult parse, Func<string, string?> env, string workingDirectory)
    {
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1)
            throw new KitException($"invalid argument for concurrency ({concurrency}): must be at least 1");

        // An explicit flag wins over the environment (KitOps lets the variables override flags: gap 19).
        var cert = NonEmpty(parse.GetValue(Cert)) ?? NonEmpty(env("KITOPS_CLIENT_CERT"));
        var key = NonEmpty(parse.GetValue(Key)) ?? NonEmpty(env("KITOPS_CLIENT_KEY"));
        if ((cert is null) != (key is null))
            throw new KitException("a client certificate needs both --cert and --key (or KITOPS_CLIENT_CERT and KITOPS_CLIENT_KEY)");
        if (cert is not null)
        {
            cert = Path.GetFullPath(cert, workingDirectory);
            key = Path.GetFullPath(key!, workingDirectory);
            foreach (var (what, file) in new[] { ("client certificate", cert), ("client key", key) })
            {
                if (!File.Exists(file))
                    throw new KitException($"{what} file {file} does not exist");
            }
        }

        Uri? proxy = null;
        if (NonEmpty(parse.GetValue(Proxy)) is { } p
            && (!Uri.TryCreate(p, UriKind.Absolute, out proxy) || proxy.Scheme is not ("http" or "https" or "socks5" or "socks4" or "socks4a")))
            throw new KitException($"invalid --proxy '{p}': use a URL such as http://proxy.example.com:3128");

        var chunk = RemoteSettings.DefaultUploadChunkSize;
        if (NonEmpty(env("KIT_UPLOAD_CHUNK_MIB")) is { } mib)
        {
            if (!int.TryParse(mib, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) || m < 1)
                throw new KitException($"invalid KIT_UPLOAD_CHUNK_MIB '{mib}': use a whole number of MiB, at least 1");
            chunk = (long)m << 20;
        }

        var stall = RemoteSettings.Default.StallTimeout;
        if (NonEmpty(env("KIT_STALL_TIMEOUT")) is { } seconds)
        {
            if (!double.TryParse(seconds, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var s)
                || s > 86_400)
                throw new KitException($"invalid KIT_STALL_TIMEOUT '{seconds}': use a number of seconds such as 30 or 1.5 (0 waits forever)");
            stall = s == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(s);
        }

        var trusted = new List<string>();
        foreach (var file in (parse.GetValue(TlsCert) ?? []).SelectMany(v => v.Split(',')).Where(v => v.Length > 0))
        {
            var full = Path.GetFullPath(file, workingDirectory);
            if (!File.Exists(full))
                throw new KitException($"TLS certificate file {full} does not exist (--tls-cert)");
            trusted.Add(full);
        }

        return new RemoteSettings
        {
            TrustedCertificateFiles = trusted,
            UploadChunkSize = chunk,
            StallTimeout = stall,
            PlainHttp = parse.GetValue(PlainHttp),
            TlsVerify = parse.GetValue(TlsVerify),
            ClientCertificateFile = cert,
            ClientKeyFile = key,
            Proxy = proxy,
            Concurrency = concurrency,
            Version = VersionCommand.CliVersion,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
