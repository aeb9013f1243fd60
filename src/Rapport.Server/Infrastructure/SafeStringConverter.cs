using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Server.Infrastructure;

/// <summary>Reads every JSON string of a request body (values, list items and dictionary keys alike) and refuses
/// unsafe text (see <see cref="SafeText"/>) with an <see cref="UnsafeTextException"/>, which the exception handler
/// turns into a 400 field error on the JSON path. One place, so no field of any endpoint can forget it.</summary>
internal sealed class SafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Checked(ref Utf8JsonReader reader)
    {
        string? value;
        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            // A string the reader cannot decode: an escaped lone surrogate ("\ud800") or bytes that are not UTF-8.
            throw new UnsafeTextException();
        }
        return value is null || SafeText.IsSafe(value) ? value : throw new UnsafeTextException();
    }
}

/// <summary>A JSON string held a control character or a lone surrogate; System.Text.Json fills in <see cref="JsonException.Path"/>.</summary>
internal sealed class UnsafeTextException : JsonException;
