namespace Kit.Core.Format;

/// <summary>The kinds of ModelKit layers, in the order their entries become layers (section 1.3).</summary>
public enum LayerKind { Model, ModelPart, Code, Dataset, Docs }

public static class LayerKindNames
{
    /// <summary>The base type inside the media type (<c>application/vnd.kitops.modelkit.&lt;base&gt;.v1.tar</c>).</summary>
    public static string BaseType(this LayerKind kind) => kind switch
    {
        LayerKind.Model => "model",
        LayerKind.ModelPart => "modelpart",
        LayerKind.Code => "code",
        LayerKind.Dataset => "dataset",
        LayerKind.Docs => "docs",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParseBaseType(string baseType, out LayerKind kind)
    {
        (var ok, kind) = baseType switch
        {
            "model" => (true, LayerKind.Model),
            "modelpart" => (true, LayerKind.ModelPart),
            "code" => (true, LayerKind.Code),
            "dataset" => (true, LayerKind.Dataset),
            "docs" => (true, LayerKind.Docs),
            _ => (false, default),
        };
        return ok;
    }
}
