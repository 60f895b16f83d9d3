using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Generation;
using Kit.Core.HuggingFace;
using Kit.Core.Kitfiles;

namespace Kit.Cli.Commands.Init;

/// <summary><c>kit init PATH</c>: writes a Kitfile for the files in a directory.</summary>
public static class InitCommand
{
    private const UnixFileMode KitfileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Command Create(CommandHandler handler)
    {
        var path = new Argument<string>("PATH") { Description = "The directory to describe" };
        var name = new Option<string?>("--name") { Description = "Name for the ModelKit (package.name)" };
        var desc = new Option<string?>("--desc") { Description = "Description for the ModelKit (package.description)" };
        var author = new Option<string?>("--author") { Description = "Author for the ModelKit (package.authors)" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing Kitfile" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the Kitfile (default PATH/Kitfile); '-' prints it on stdout" };
        var depth = new Option<int>("--depth")
        {
            Description = "Subdirectory levels classified file by file (0: each subdirectory is one entry; negative: every file individually)",
        };
        var remote = new Option<bool>("--remote") { Description = "PATH is a Hugging Face model or dataset repository (org/repo, datasets/org/repo or its URL); the Kitfile goes to stdout" };
        var gitRef = new Option<string?>("--ref") { Description = "Branch, tag or commit, with --remote (default main)" };
        var token = new Option<string?>("--token") { Description = "Hugging Face token, with --remote (default $HF_TOKEN)" };
        var command = new VerbCommand("init", "Generate a Kitfile for the contents of a directory")
            { path, name, desc, author, force, output, depth, remote, gitRef, token };
        command.Examples =
        [
            "kit init .                                               # writes ./Kitfile, asks for name, description, author on a terminal",
            "kit init ./my-model --name mymodel --desc 'A test model' --author 'Jane'",
            "kit init ./my-model --depth -1 -o -                      # every file its own entry, Kitfile on stdout",
            "kit init . --force && kit pack . -t mymodel:1.0          # overwrite the Kitfile, then pack",
            "kit init --remote Qwen/Qwen3-0.6B --ref main              # a Hugging Face repository's Kitfile, on stdout",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var isRemote = parse.GetValue(remote);
            if (!isRemote && parse.GetResult(gitRef) is { Implicit: false }) throw new KitException("Invalid arguments: --ref requires --remote");
            if (!isRemote && parse.GetResult(token) is { Implicit: false }) throw new KitException("Invalid arguments: --token requires --remote");

            Kitfile kitfile;
            string defaultOutput;
            if (isRemote)
            {
                var repository = ParseRepository(parse.GetValue(path)!);
                var options = new KitfileGenerationOptions
                {
                    Name = parse.GetValue(name) ?? "",
                    Description = parse.GetValue(desc) ?? "",
                    Author = parse.GetValue(author) ?? "",
                    Depth = parse.GetValue(depth),
                };
                var files = await ListRemoteAsync(ctx, repository, parse.GetValue(gitRef) ?? "main", parse.GetValue(token), ct).ConfigureAwait(false);
                kitfile = KitfileGenerator.Generate(repository, files, options, ctx.Log.Warn);
                defaultOutput = "-";
            }
            else
            {
                var directory = Path.GetFullPath(parse.GetValue(path)!, ctx.WorkingDirectory);
                if (!Directory.Exists(directory))
                    throw new KitException($"Error processing directory: {directory} does not exist or is not a directory");
                var options = new KitfileGenerationOptions
                {
                    Name = parse.GetValue(name) ?? Ask(ctx, "Enter a name for the ModelKit: "),
                    Description = parse.GetValue(desc) ?? Ask(ctx, "Enter a short description for the ModelKit: "),
                    Author = parse.GetValue(author) ?? Ask(ctx, "Enter an author for the ModelKit: "),
                    Depth = parse.GetValue(depth),
                };
                kitfile = KitfileGenerator.Generate(directory, options, new LogMessages(ctx.Log));
                defaultOutput = Path.Combine(directory, "Kitfile");
            }

            var yaml = kitfile.ToYaml();
            var target = parse.GetValue(output) is { Length: > 0 } o ? o : defaultOutput;
            if (target == "-")
            {
                ctx.Out.Write(yaml);
                return 0;
            }
            target = Path.GetFullPath(target, ctx.WorkingDirectory);
            if (Path.Exists(target) && !parse.GetValue(force))
                throw new KitException($"Kitfile already exists at {target}. Use '--force' to overwrite");
            Write(target, yaml);
            ctx.Out.WriteLine("Generated Kitfile:");
            ctx.Out.WriteLine();
            ctx.Out.Write(yaml);
            ctx.Out.WriteLine($"Saved to path '{target}'");
            return 0;
        });
        return command;
    }

    private static HuggingFaceRepository ParseRepository(string value)
    {
        try
        {
            return HuggingFaceRepository.Parse(value);
        }
        catch (KitException e)
        {
            throw new KitException($"Invalid arguments: invalid HuggingFace repository: {e.Message}", e);
        }
    }

    /// <summary>The repository's files from the Hub (<c>HF_ENDPOINT</c>; token from <c>--token</c>, else <c>HF_TOKEN</c>).</summary>
    private static async Task<IReadOnlyList<HubFile>> ListRemoteAsync(CliContext ctx, HuggingFaceRepository repository, string revision, string? token,
        CancellationToken ct)
    {
        ctx.Log.Info($"Fetching file listing from remote repository {repository.Id} (ref: {revision})");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var hub = new HuggingFaceHub(http, HuggingFaceHub.Endpoint(ctx.Variable), token ?? ctx.Variable("HF_TOKEN"));
        try
        {
            return await hub.ListFilesAsync(repository, revision, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KitException or HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new KitException($"Error fetching remote repository: {e.Message}", e);
        }
    }

    /// <summary>Asks on the terminal for a value not given as a flag; without a terminal (a script, CI) the value stays empty.</summary>
    private static string Ask(CliContext ctx, string prompt)
    {
        if (!ctx.Host.StdinIsTerminal) return "";
        ctx.Err.Write(prompt);
        return ctx.In.ReadLine()?.Trim() ?? "";
    }

    /// <summary>Writes through a temporary file renamed into place, so an interrupted init never leaves half a Kitfile.</summary>
    private static void Write(string target, string yaml)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = KitfileMode;
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
                writer.Write(yaml);
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new KitException($"Failed to write Kitfile: {e.Message}", e);
        }
    }
}
