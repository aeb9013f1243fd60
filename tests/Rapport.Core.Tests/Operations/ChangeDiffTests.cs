using System.Text.Json;
using Rapport.Core.Operations;

namespace Rapport.Core.Tests.Operations;

/// <summary>How a logged change reads field by field, and which names count as secrets.</summary>
public sealed class ChangeDiffTests
{
    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    [Fact]
    public void Field_changes_lists_and_event_details_each_become_rows()
    {
        var rows = ChangeDiff.Of(Json("""
            {"name":{"before":"Acme","after":"Acme Ltd"},"tags":{"removed":["a"],"added":["b","c"]},"count":3,"passwordHash":{"before":null,"after":"***"}}
            """));

        Assert.Equal(
            [new("name", "Acme", "Acme Ltd"), new("tags", "a", "b, c", List: true), new("count", null, "3"), new("passwordHash", null, Secrets.Mask)],
            rows);
    }

    [Fact]
    public void A_settings_sections_json_is_compared_field_by_field_with_secrets_masked()
    {
        var rows = ChangeDiff.Of(Json("""
            {"json":{"before":"{\"host\":\"a\",\"port\":25,\"passwordCipher\":\"c1\",\"rules\":[{\"queue\":\"x\"}]}","after":"{\"host\":\"b\",\"port\":25,\"passwordCipher\":\"c2\",\"rules\":[{\"queue\":\"y\"}]}"}}
            """));

        Assert.Equal([new("host", "a", "b"), new("passwordCipher", Secrets.Mask, Secrets.Mask), new("rules[0].queue", "x", "y")], rows);
    }

    [Fact]
    public void A_first_save_lists_every_field_it_set()
    {
        Assert.Equal([new("retentionDays", null, "365")], ChangeDiff.OfJson(null, """{"retentionDays":365}"""));
        Assert.Empty(ChangeDiff.OfJson("""{"a":1}""", """{"a":1}"""));
        Assert.Empty(ChangeDiff.OfJson(null, """{"addressLines":[]}""")); // an empty list is no change from nothing
    }

    [Theory]
    [InlineData("Database:ConnectionString", false)]
    [InlineData("Mail:SmtpPassword", true)]
    [InlineData("Backup:Passphrase", true)]
    [InlineData("Webhooks:SigningKey", true)]
    [InlineData("Knowledge:CaseFormToken", true)]
    [InlineData("smtp.passwordCipher", true)]
    [InlineData("RAPPORT_ADMIN_PASSWORD", true)]
    [InlineData("Api:Secrets", true)]
    [InlineData("password-policy.expiryDays", false)]
    [InlineData("Customers:NumberPattern", false)]
    [InlineData("Demo:Customers", false)]
    public void Secret_names_are_told_by_how_they_end(string key, bool secret) => Assert.Equal(secret, Secrets.IsSecret(key));

    [Fact]
    public void Connection_strings_keep_everything_but_the_password()
    {
        var shown = Secrets.Show("Database:ConnectionString", "Host=db;Username=rapport;Password=hunter2;Database=crm")!;

        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        Assert.Contains("host=db", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("password=***", shown, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Secrets.Mask, Secrets.Show("Mail:SmtpPassword", "x"));
        Assert.Equal("true", Secrets.Show("mustChangePassword", "true"));
    }
}
