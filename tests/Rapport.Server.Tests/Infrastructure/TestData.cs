namespace Rapport.Server.Tests.Infrastructure;

/// <summary>Values for arrange steps.</summary>
public static class TestData
{
    /// <summary>Eight characters no other test uses, for names, emails and numbers that must not collide.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>The multipart body an upload endpoint takes: one file in the field <c>file</c>.</summary>
    public static MultipartFormDataContent FileUpload(byte[] bytes, string name, string contentType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { part, "file", name } };
    }
}
