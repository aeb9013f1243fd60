using System.Security.Cryptography;

namespace Rapport.Core.Common;

/// <summary>Files attached to records (contracts, case messages): the bytes live on disk under a folder per record
/// (never in the database), named by the attachment's id, never by the uploaded name. One set of checks for every
/// module: a safe file name, only the file kinds listed here, checked by their first bytes rather than by what the
/// upload claims, and a size limit.</summary>
public sealed class AttachmentStore(string root)
{
    /// <summary>The file kinds an attachment may be, with the bytes each must start with (null: text, no NUL bytes).</summary>
    public static readonly IReadOnlyDictionary<string, byte[]?> AllowedTypes = new Dictionary<string, byte[]?>
    {
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = "PK\u0003\u0004"u8.ToArray(),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = "PK\u0003\u0004"u8.ToArray(),
        ["text/plain"] = null,
    };

    /// <summary>A file as checked and stored.</summary>
    public sealed record Stored(Guid Id, string FileName, string ContentType, long Size, string Sha256);

    /// <summary>Stores <paramref name="content"/> as file <paramref name="id"/> of record <paramref name="owner"/> after
    /// checking its name, kind and size (400 on <c>file</c> otherwise); a refused upload leaves no file behind. The
    /// caller saves its row next and calls <see cref="Delete"/> if that fails.</summary>
    public async Task<Stored> SaveAsync(Guid owner, Guid id, string? fileName, string? contentType, Stream content, long maxBytes, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length is 0 or > 255) throw RapportValidationException.For("file", "Validation.FileName");
        if (!SafeText.IsSafe(name)) throw RapportValidationException.For("file", SafeText.ErrorCode);
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!AllowedTypes.TryGetValue(type, out var signature)) throw RapportValidationException.For("file", "Validation.FileType");

        Directory.CreateDirectory(Path.Combine(root, owner.ToString("N")));
        var path = PathOf(owner, id);
        try
        {
            var (size, hash) = await CopyCheckedAsync(content, path, maxBytes, signature, ct);
            return new Stored(id, name, type, size, hash);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Stores an upload as a new file of <paramref name="owner"/> after the checks of <see cref="SaveAsync"/>, then
    /// lets <paramref name="record"/> save the row that describes it: the row and the file appear together or not at all
    /// (the file is removed when saving the row fails).</summary>
    public async Task<T> AttachAsync<T>(Guid owner, string? fileName, string? contentType, Stream content, long maxBytes,
        Func<Stored, Task<T>> record, CancellationToken ct)
    {
        var file = await SaveAsync(owner, Guid.CreateVersion7(), fileName, contentType, content, maxBytes, ct);
        try
        {
            return await record(file);
        }
        catch
        {
            Delete(owner, file.Id);
            throw;
        }
    }

    /// <summary>Stores a file the server made itself (a subject-access ZIP): no upload checks, written by <paramref name="write"/>;
    /// returns its size. Nothing is left behind when writing fails.</summary>
    public async Task<long> SaveGeneratedAsync(Guid owner, Guid id, Func<Stream, Task> write)
    {
        Directory.CreateDirectory(Path.Combine(root, owner.ToString("N")));
        var path = PathOf(owner, id);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            await write(file);
            return file.Length;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The stored bytes, or null when the file is gone.</summary>
    public Stream? Open(Guid owner, Guid id)
    {
        var path = PathOf(owner, id);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    public void Delete(Guid owner, Guid id) => File.Delete(PathOf(owner, id));

    /// <summary>Removes every file of <paramref name="owner"/> (the record itself is gone).</summary>
    public void DeleteOwner(Guid owner)
    {
        var folder = Path.Combine(root, owner.ToString("N"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private string PathOf(Guid owner, Guid id) => Path.Combine(root, owner.ToString("N"), id.ToString("N"));

    private static async Task<(long Size, string Sha256)> CopyCheckedAsync(Stream content, string path, long max, byte[]? signature, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long size = 0;
        var head = new List<byte>();
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > max) throw RapportValidationException.For("file", "Validation.FileTooLarge", max / (1024 * 1024));
            if (head.Count < 8192) head.AddRange(buffer.Take(Math.Min(read, 8192 - head.Count)));
            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        if (size == 0) throw RapportValidationException.For("file", "Validation.Required");
        var ok = signature is null ? !head.Contains(0) : head.Count >= signature.Length && head.Take(signature.Length).SequenceEqual(signature);
        if (!ok) throw RapportValidationException.For("file", "Validation.FileType");
        return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
