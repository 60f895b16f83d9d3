// Pulls a ModelKit, unpacks only its model and prints the first line of the model file.
//   dotnet run -- registry.example.com/team/sentiment:0.1.0 [--plain-http]
using Kit.Core.Client;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PullModel REGISTRY/REPOSITORY:TAG [--plain-http]");
    return 2;
}
var reference = args[0];

// The same home ($KITOPS_HOME, else ~/.local/share/kitops) and credentials (kit login, Docker) as the kit command.
using var kit = new KitClient(new KitClientOptions { Network = new() { PlainHttp = args.Contains("--plain-http") } });
try
{
    var pulled = await kit.PullAsync(reference);
    var target = Directory.CreateTempSubdirectory("pull-model-").FullName;
    await kit.UnpackAsync(reference, target, new UnpackOptions { Filters = ["model"] });

    var model = Path.Combine(target, (await kit.InspectAsync(reference)).Kitfile.Model!.Path);
    var file = File.Exists(model) ? model : Directory.EnumerateFiles(model, "*", SearchOption.AllDirectories).Order().First();
    Console.WriteLine($"{reference} ({pulled.Digest}): {Path.GetRelativePath(target, file)}");
    Console.WriteLine(File.ReadLines(file).First());
    return 0;
}
catch (Kit.Core.KitException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
