using System.Security.Cryptography;
using System.Text.Json;

namespace Rapport.Core.Settings;

/// <summary>The company's logo as stored: a PNG or JPEG image.</summary>
public sealed record CompanyLogo(string ContentType, byte[] Data);

/// <summary>What the settings keep about the logo (the bytes sit in the same row, outside the JSON).</summary>
public sealed record CompanyLogoInfo(string ContentType, long Size, string Sha256);

/// <summary>The company profile (<see cref="CompanyProfile"/>) and its logo, which documents print and administrators
/// edit. The logo lives in a settings row of its own (<c>company.logo</c>), checked by its first bytes.</summary>
public sealed class CompanyService(SettingsService settings, ICurrentUser user)
{
    public const int LogoMaxBytes = 512 * 1024;
    public const string LogoKey = "company.logo";
    private static readonly string[] LogoTypes = ["image/png", "image/jpeg"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The profile as documents print it: until one is saved, the legal name is the sales settings' company
    /// name (where it lived before there was a profile). Anyone may read it: it is printed on what customers get.</summary>
    public async Task<CompanyProfile> ProfileAsync(CancellationToken ct)
    {
        var profile = await settings.GetAsync<CompanyProfile>(ct);
        return string.IsNullOrWhiteSpace(profile.LegalName)
            ? profile with { LegalName = (await settings.GetAsync<Sales.SalesSettings>(ct)).CompanyName }
            : profile;
    }

    public async Task<CompanyProfile> SaveAsync(CompanyProfile input, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        if (input is null) throw RapportValidationException.For("legalName", "Validation.Required");
        return await settings.SaveAsync(input.Cleaned(), ct);
    }

    /// <summary>The logo, or null when none was uploaded. Anyone may read it, as <see cref="ProfileAsync"/>.</summary>
    public async Task<CompanyLogo?> LogoAsync(CancellationToken ct) =>
        await settings.GetFileAsync(LogoKey, ct) is { } file && JsonSerializer.Deserialize<CompanyLogoInfo>(file.Json, Json) is { } info
            ? new CompanyLogo(info.ContentType, file.Data)
            : null;

    /// <summary>Keeps a new logo: a PNG or JPEG image (by its first bytes, whatever the upload claims) of at most
    /// <see cref="LogoMaxBytes"/>; anything else is a 400 on <c>file</c>.</summary>
    public async Task<CompanyLogoInfo> SaveLogoAsync(Stream content, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > LogoMaxBytes) throw RapportValidationException.For("file", "Validation.LogoTooLarge", LogoMaxBytes / 1024);
            buffer.Write(chunk, 0, read);
        }
        var data = buffer.ToArray();
        var type = LogoTypes.FirstOrDefault(t => data.AsSpan().StartsWith(AttachmentStore.AllowedTypes[t]!))
            ?? throw RapportValidationException.For("file", "Validation.LogoType");
        var info = new CompanyLogoInfo(type, data.Length, Convert.ToHexStringLower(SHA256.HashData(data)));
        await settings.SaveFileAsync(LogoKey, JsonSerializer.Serialize(info, Json), data, Permissions.SettingsManage, ct);
        return info;
    }

    public Task DeleteLogoAsync(CancellationToken ct) => settings.SaveFileAsync(LogoKey, "", null, Permissions.SettingsManage, ct);
}
