using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>Re-emits a parsed JSON value through <see cref="GoJsonWriter"/>, keeping member order and number text.</summary>
internal static class GoJsonElementWriter
{
    public static void Write(GoJsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                foreach (var p in element.EnumerateObject())
                {
                    writer.Name(p.Name);
                    Write(writer, p.Value);
                }
                writer.EndObject();
                break;
            case JsonValueKind.Array:
                writer.StartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.EndArray();
                break;
            case JsonValueKind.String: writer.StringValue(element.GetString()!); break;
            case JsonValueKind.Number: writer.RawNumber(element.GetRawText()); break;
            case JsonValueKind.True: writer.Bool(true); break;
            case JsonValueKind.False: writer.Bool(false); break;
            default: writer.Null(); break;
        }
    }
}
