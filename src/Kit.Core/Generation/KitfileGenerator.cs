using Kit.Core.Client;
using Kit.Core.Kitfiles;

namespace Kit.Core.Generation;

/// <summary>
/// Writes a Kitfile for a directory of files (<c>kit init</c>) with KitOps's rules: each file's role is guessed from
/// its name, directories are taken whole or looked into (<see cref="KitfileGenerationOptions.Depth"/>), the largest of
/// several weight files becomes the model, a license is recognised and attached where it applies, and a SKILL.md
/// makes its directory one skill.
/// </summary>
public static class KitfileGenerator
{
    /// <summary>Up to this many files nobody recognised get a code entry each; more make one code entry <c>.</c>.</summary>
    private const int MaxSeparateUnknownFiles = 5;

    private static readonly HashSet<string> CodeDirectories = new(["src", "pkg", "lib", "build"], StringComparer.Ordinal);

    /// <summary>A Kitfile for the files in <paramref name="directory"/>, which packs as it is.</summary>
    /// <param name="directory">The directory to describe.</param>
    /// <param name="options">Package name, description, author and depth.</param>
    /// <param name="messages">Warnings: a license file no license was recognised in, unreadable SKILL.md front matter.</param>
    /// <exception cref="KitException">The directory cannot be listed.</exception>
    public static Kitfile Generate(string directory, KitfileGenerationOptions? options = null, IProgress<KitMessage>? messages = null)
    {
        DirectoryListing listing;
        try
        {
            listing = DirectoryListing.Read(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KitException($"Error processing directory: {e.Message}", e);
        }
        return Generate(listing, options ?? new KitfileGenerationOptions(), text => messages?.Report(new KitMessage(KitMessageLevel.Warning, text)));
    }

    /// <summary>
    /// A Kitfile for a Hugging Face repository from its file listing (nothing is read): the package is named after the
    /// repository and its owner is the author, unless <paramref name="options"/> say otherwise.
    /// </summary>
    internal static Kitfile Generate(HuggingFace.HuggingFaceRepository repository, IEnumerable<HuggingFace.HubFile> files,
        KitfileGenerationOptions options, Action<string> warn) =>
        Generate((repository.Name, repository.Owner), files, options, warn);

    /// <summary>A Kitfile for a remote repository's file listing, named <paramref name="names"/> unless <paramref name="options"/> say otherwise.</summary>
    internal static Kitfile Generate((string Name, string Owner) names, IEnumerable<HuggingFace.HubFile> files,
        KitfileGenerationOptions options, Action<string> warn) =>
        Generate(DirectoryListing.FromFiles(files.Select(f => (f.Path, f.Size))), new KitfileGenerationOptions
        {
            Name = options.Name.Length > 0 ? options.Name : names.Name,
            Description = options.Description,
            Author = options.Author.Length > 0 ? options.Author : names.Owner,
            Depth = options.Depth,
        }, warn);

    internal static Kitfile Generate(DirectoryListing root, KitfileGenerationOptions options, Action<string> warn) =>
        new Generation(warn).Run(root, options);

    /// <summary>One run: the sections found so far and the front matter already read (so each warning is given once).</summary>
    private sealed class Generation(Action<string> warn)
    {
        private readonly GeneratedSections _sections = new();
        private readonly Dictionary<string, SkillFrontMatter?> _frontMatter = new(StringComparer.Ordinal);

        public Kitfile Run(DirectoryListing root, KitfileGenerationOptions options)
        {
            var package = new PackageSection
            {
                Name = options.Name,
                Description = options.Description,
                Authors = options.Author.Length > 0 ? [options.Author] : [],
            };

            // A skill at the top: the whole directory is that one skill.
            if (SkillFile(root) is { } rootSkill)
            {
                var fm = AddSkill(root, rootSkill);
                if (fm is not null)
                    package = package with
                    {
                        Name = Or(package.Name, fm.Name),
                        Description = Or(package.Description, fm.Description),
                        License = Or(package.License, fm.License),
                    };
                return _sections.ToKitfile(package, null);
            }

            var found = ProcessFiles(root, options.Depth);
            if (found.Unknown.Count > MaxSeparateUnknownFiles)
                _sections.AddCode(".");
            else
                found.Unknown.ForEach(f => _sections.AddCode(f.Path));

            var model = ModelFrom(found.Models);
            if (model is not null)
                model = model with { Parts = [.. model.Parts, .. found.Metadata.Select(f => new ModelPart { Path = f.Path })] };
            else
                found.Metadata.ForEach(f => _sections.AddDataset(f.Path));

            if (found.License is { } license)
            {
                if (model is not null) model = model with { License = license };
                else if (_sections.Datasets.Count == 1) _sections.Datasets[0] = _sections.Datasets[0] with { License = license };
                else if (_sections.Code.Count == 1) _sections.Code[0] = _sections.Code[0] with { License = license };
                else package = package with { License = license };
            }

            package = WithSkillMetadata(package, root, model);
            return _sections.ToKitfile(package, model);
        }

        /// <summary>Classifies the files of <paramref name="dir"/> one by one, then its subdirectories (whole, or file by file while depth lasts).</summary>
        private FoundFiles ProcessFiles(DirectoryListing dir, int depth)
        {
            var found = new FoundFiles();
            if (SkillFile(dir) is { } skill)
            {
                AddSkill(dir, skill);
                return found;
            }

            foreach (var file in dir.Files)
            {
                if (KitfileLocator.DefaultNames.Contains(file.Name)) continue;
                var lower = file.Name.ToLowerInvariant();
                if (lower.StartsWith("readme", StringComparison.Ordinal))
                {
                    _sections.AddDocs(file.Path, "Readme file");
                    continue;
                }
                if (lower.StartsWith("license", StringComparison.Ordinal))
                {
                    _sections.AddDocs(file.Path, "License file");
                    found.License = DetectLicense(dir, file);
                    continue;
                }
                switch (FileTypeRules.Classify(file.Name))
                {
                    case GeneratedFileType.Model: found.Models.Add(file); break;
                    case GeneratedFileType.Metadata: found.Metadata.Add(file); break;
                    case GeneratedFileType.Docs: _sections.AddDocs(file.Path); break;
                    case GeneratedFileType.Dataset: _sections.AddDataset(file.Path); break;
                    case GeneratedFileType.Prompt: _sections.Prompts.Add(new GeneratedPrompt(file.Path)); break;
                    case GeneratedFileType.McpServer: _sections.AddMcpServer(file.Path); break;
                    default: found.Unknown.Add(file); break;
                }
            }

            foreach (var sub in dir.Subdirs)
            {
                if (depth == 0)
                {
                    found.Models.AddRange(AddDirectory(sub));
                    continue;
                }
                // Licenses below the top are not attached anywhere: it is unclear what they cover.
                var inner = ProcessFiles(sub, depth - 1);
                found.Models.AddRange(inner.Models);
                found.Metadata.AddRange(inner.Metadata);
                inner.Unknown.ForEach(f => _sections.AddCode(f.Path));
            }
            return found;
        }

        /// <summary>Adds a subdirectory as one entry from its name or its files' types; returns the weight files it holds.</summary>
        private List<ListedFile> AddDirectory(DirectoryListing dir)
        {
            if (SkillFile(dir) is { } skill)
            {
                AddSkill(dir, skill);
                return [];
            }
            var path = WithTrailingSlash(dir.Path);
            if (dir.Name == "docs")
            {
                _sections.AddDocs(path);
                return [];
            }
            if (CodeDirectories.Contains(dir.Name))
            {
                _sections.AddCode(path);
                return [];
            }

            // Nested directories count as unknown content; metadata files do not decide the directory's type.
            var types = new SortedSet<GeneratedFileType>();
            if (dir.Subdirs.Count > 0) types.Add(GeneratedFileType.Unknown);
            var models = new List<ListedFile>();
            var metadata = new List<ListedFile>();
            foreach (var file in dir.Files)
            {
                var type = FileTypeRules.Classify(file.Name);
                if (type == GeneratedFileType.Model) models.Add(file);
                else if (type == GeneratedFileType.Metadata) metadata.Add(file);
                types.Add(type);
            }
            types.Remove(GeneratedFileType.Metadata);

            if (types.Count > 1)
            {
                _sections.AddCode(path);
                return models;
            }
            switch (types.Count == 1 ? types.Min : GeneratedFileType.Unknown)
            {
                case GeneratedFileType.Model: return [.. models, .. metadata];
                case GeneratedFileType.Dataset: _sections.AddDataset(path); break;
                case GeneratedFileType.Docs: _sections.AddDocs(path); break;
                case GeneratedFileType.Prompt: _sections.Prompts.Add(new GeneratedPrompt(path)); break;
                // A bundle is one file and one layer: a directory of bundles gives one entry per bundle.
                case GeneratedFileType.McpServer:
                    foreach (var bundle in dir.Files.Where(f => FileTypeRules.Classify(f.Name) == GeneratedFileType.McpServer))
                        _sections.AddMcpServer(bundle.Path);
                    break;
                default: _sections.AddCode(path); break;
            }
            return [];
        }

        /// <summary>
        /// One weight file is the model, named after it. Of several, one clearly larger than the average (by half) is the
        /// model and the rest are parts (adapters); otherwise they are shards: the first is the model, unnamed.
        /// </summary>
        private static ModelSection? ModelFrom(List<ListedFile> candidates)
        {
            if (candidates.Count == 0) return null;
            if (candidates.Count == 1) return new ModelSection { Path = candidates[0].Path, Name = NameOf(candidates[0]) };
            var largest = candidates[0];
            foreach (var c in candidates.Where(c => c.Size > largest.Size)) largest = c;
            var average = candidates.Sum(c => c.Size) / candidates.Count;
            var main = largest.Size > average + average / 2 ? largest : null;
            var model = new ModelSection { Path = (main ?? candidates[0]).Path, Name = main is null ? "" : NameOf(main) };
            return model with { Parts = [.. candidates.Where(c => c != (main ?? candidates[0])).Select(c => new ModelPart { Path = c.Path })] };
        }

        /// <summary>The package takes a lone subdirectory skill's name and description when the Kitfile is only prompts, and the first skill's license.</summary>
        private PackageSection WithSkillMetadata(PackageSection package, DirectoryListing root, ModelSection? model)
        {
            var skills = root.Subdirs.Select(d => SkillFile(d) is { } f ? FrontMatter(d, f) : null).OfType<SkillFrontMatter>().ToList();
            if (skills.Count == 0) return package;
            if (skills.Count == 1 && _sections.HasOnlyPrompts(model))
                package = package with { Name = Or(package.Name, skills[0].Name), Description = Or(package.Description, skills[0].Description) };
            return package with { License = Or(package.License, skills[0].License) };
        }

        private SkillFrontMatter? AddSkill(DirectoryListing dir, ListedFile skillFile)
        {
            var fm = FrontMatter(dir, skillFile);
            _sections.Prompts.Add(new GeneratedPrompt(dir.Path, fm?.Name ?? "", fm?.Description ?? ""));
            return fm;
        }

        private SkillFrontMatter? FrontMatter(DirectoryListing dir, ListedFile skillFile)
        {
            if (!_frontMatter.TryGetValue(skillFile.Path, out var fm))
                _frontMatter[skillFile.Path] = fm = dir.FullPathOf(skillFile) is { } fullPath ? SkillFrontMatter.Read(fullPath, skillFile.Path, warn) : null;
            return fm;
        }

        /// <summary>
        /// The SPDX id of a license file, read where it is (KitOps reads it relative to the working directory); a remote
        /// repository's files are not read.
        /// </summary>
        private string? DetectLicense(DirectoryListing dir, ListedFile file)
        {
            if (dir.FullPathOf(file) is not { } fullPath) return null;
            string? id = null;
            try
            {
                id = LicenseDetector.Detect(File.ReadAllText(fullPath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            if (id is null) warn("Unable to determine license type");
            return id;
        }

        private static ListedFile? SkillFile(DirectoryListing dir) =>
            dir.Files.FirstOrDefault(f => string.Equals(f.Name, "skill.md", StringComparison.OrdinalIgnoreCase));

        private static string NameOf(ListedFile file)
        {
            var dot = file.Name.LastIndexOf('.');
            return dot < 0 ? file.Path : file.Path[..^(file.Name.Length - dot)];
        }

        private static string WithTrailingSlash(string path) => path == "." || path.EndsWith('/') ? path : path + "/";

        private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
    }

    /// <summary>What classifying one directory leaves for its parent to decide on.</summary>
    private sealed class FoundFiles
    {
        public List<ListedFile> Models { get; } = [];
        public List<ListedFile> Metadata { get; } = [];
        public List<ListedFile> Unknown { get; } = [];
        public string? License { get; set; }
    }
}
