using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Generation;

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
        var remote = new Option<bool>("--remote") { Description = "PATH is a Hugging Face repository (not supported yet)" };
        var gitRef = new Option<string?>("--ref") { Description = "Branch or tag, with --remote" };
        var token = new Option<string?>("--token") { Description = "Hugging Face token, with --remote" };
        var command = new VerbCommand("init", "Generate a Kitfile for the contents of a directory")
            { path, name, desc, author, force, output, depth, remote, gitRef, token };
        command.Examples =
        [
            "kit init .                                               # writes ./Kitfile, asks for name, description, author on a terminal",
            "kit init ./my-model --name mymodel --desc 'A test model' --author 'Jane'",
            "kit init ./my-model --depth -1 -o -                      # every file its own entry, Kitfile on stdout",
            "kit init . --force && kit pack . -t mymodel:1.0          # overwrite the Kitfile, then pack",
        ];
        handler.Bind(command, (parse, ctx, ct) =>
        {
            if (!parse.GetValue(remote))
            {
                if (parse.GetResult(gitRef) is { Implicit: false }) throw new KitException("Invalid arguments: --ref requires --remote");
                if (parse.GetResult(token) is { Implicit: false }) throw new KitException("Invalid arguments: --token requires --remote");
            }
            else
            {
                throw new KitException("Invalid arguments: --remote is not supported yet: import the repository's files into a directory and run kit init on it");
            }

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
            var yaml = KitfileGenerator.Generate(directory, options, new LogMessages(ctx.Log)).ToYaml();

            var target = parse.GetValue(output) is { Length: > 0 } o ? o : Path.Combine(directory, "Kitfile");
            if (target == "-")
            {
                ctx.Out.Write(yaml);
                return Task.FromResult(0);
            }
            target = Path.GetFullPath(target, ctx.WorkingDirectory);
            if (Path.Exists(target) && !parse.GetValue(force))
                throw new KitException($"Kitfile already exists at {target}. Use '--force' to overwrite");
            Write(target, yaml);
            ctx.Out.WriteLine("Generated Kitfile:");
            ctx.Out.WriteLine();
            ctx.Out.Write(yaml);
            ctx.Out.WriteLine($"Saved to path '{target}'");
            return Task.FromResult(0);
        });
        return command;
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
