using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tandem.MySql.Schema.History;

/// <summary>
/// JSON settings for the history files. Reflection-based: the model's records serialise as they are, minus
/// computed properties (a property without a setter, like TableSchema.PrimaryKey, is derived, not stored).
/// </summary>
internal static class SchemaJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropComputedProperties } },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
    };

    /// <summary>One line of the DDL log: no indentation, so a record never spans lines.</summary>
    public static readonly JsonSerializerOptions Line = new(Options) { WriteIndented = false };

    public static readonly JsonSerializerOptions Document = new(Options) { WriteIndented = true };

    private static void DropComputedProperties(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].Set is null && type.Properties[i].AssociatedParameter is null)
                type.Properties.RemoveAt(i);
        }
    }
}
