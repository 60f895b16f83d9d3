namespace Kit.Core.Client;

/// <summary>A log line from a <see cref="KitClient"/> operation, as the <c>kit</c> command would print it on stderr.</summary>
/// <param name="Level">How important it is.</param>
/// <param name="Text">One line of text, fit to show to a user.</param>
public sealed record KitMessage(KitMessageLevel Level, string Text);

/// <summary>The importance of a <see cref="KitMessage"/>.</summary>
public enum KitMessageLevel
{
    /// <summary>What is happening, e.g. <c>Pulling referenced image ...</c>.</summary>
    Info,

    /// <summary>Something the user should know about that did not stop the operation, e.g. a skipped symlink.</summary>
    Warning,
}
