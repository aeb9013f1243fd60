using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Core.Operations;

/// <summary>The archive format (ADR-021): a gzip-compressed tar whose first entry is <c>manifest.json</c>, then the
/// files it lists. Written under a temporary name and renamed, so an archive with the final name is always whole.</summary>
public static class BackupArchive
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="files"/> (archive path → file on disk) under a manifest into <paramref name="target"/>.</summary>
    public static async Task<BackupManifest> WriteAsync(string target, Func<IReadOnlyList<BackupFile>, BackupManifest> manifest,
        IReadOnlyList<(string Path, string Source)> files, CancellationToken ct)
    {
        var listed = new List<BackupFile>();
        foreach (var (path, source) in files)
        {
            await using var stream = File.OpenRead(source);
            listed.Add(new BackupFile(path, stream.Length, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct))));
        }
        var result = manifest(listed);
        var temp = target + ".partial";
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.FileName)
                {
                    DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(result, Json)),
                };
                await tar.WriteEntryAsync(entry, ct);
                foreach (var (path, source) in files) await tar.WriteEntryAsync(source, path, ct);
            }
            File.Move(temp, target);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return result;
    }

    /// <summary>Reads only the manifest (the first entry).</summary>
    public static async Task<BackupManifest> ReadManifestAsync(string archive, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(archive);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            var entry = await tar.GetNextEntryAsync(copyData: false, ct);
            if (entry?.Name != BackupManifest.FileName || entry.DataStream is null)
                throw new BackupException($"{Path.GetFileName(archive)} is not a Rapport backup (no manifest.json first).");
            return await JsonSerializer.DeserializeAsync<BackupManifest>(entry.DataStream, Json, ct)
                ?? throw new BackupException("The manifest is empty.");
        }
        catch (Exception e) when (Damaged(e))
        {
            throw new BackupException($"The archive is damaged: {e.Message}");
        }
    }

    private static bool Damaged(Exception e) => e is InvalidDataException or EndOfStreamException or FormatException or JsonException;

    /// <summary>Unpacks the archive into <paramref name="directory"/> and checks every file against the manifest: the same
    /// set of files, each with its size and SHA-256. Returns the manifest and what was checked; throws on the first mismatch.</summary>
    public static async Task<(BackupManifest Manifest, List<string> Lines)> ExtractAsync(string archive, string directory, CancellationToken ct)
    {
        var manifest = await ReadManifestAsync(archive, ct);
        if (manifest.Format != BackupManifest.CurrentFormat)
            throw new BackupException($"Unknown backup format '{manifest.Format}'.");
        var expected = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var root = Path.GetFullPath(directory);
        try
        {
            await using var file = File.OpenRead(archive);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            await tar.GetNextEntryAsync(copyData: false, ct); // the manifest
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType != TarEntryType.RegularFile || !expected.TryGetValue(entry.Name, out var listed) || !seen.Add(entry.Name))
                    throw new BackupException($"The archive holds '{entry.Name}', which the manifest does not list.");
                var path = Path.GetFullPath(Path.Combine(root, entry.Name));
                if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new BackupException($"The archive entry '{entry.Name}' points outside the archive.");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                long size;
                string hash;
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    var buffer = new byte[1 << 16];
                    size = 0;
                    if (entry.DataStream is { } data)
                        for (int read; (read = await data.ReadAsync(buffer, ct)) > 0; size += read)
                        {
                            sha.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read), ct);
                        }
                    hash = Convert.ToHexStringLower(sha.GetHashAndReset());
                }
                if (size != listed.Size || hash != listed.Sha256)
                    throw new BackupException($"Checksum mismatch: {entry.Name} ({size} bytes, SHA-256 {hash[..12]}…; the manifest says {listed.Size} bytes, {listed.Sha256[..12]}…).");
            }
            // The tar reader stops at the end-of-archive block; reading the gzip stream to its end makes it check
            // the trailer's CRC-32 and length, so damage in the padding or the trailer is found too.
            await gzip.CopyToAsync(Stream.Null, ct);
        }
        catch (Exception e) when (Damaged(e))
        {
            throw new BackupException($"The archive is damaged: {e.Message}");
        }
        var missing = expected.Keys.Except(seen).ToList();
        if (missing.Count > 0) throw new BackupException($"The archive lacks {string.Join(", ", missing)}, listed in the manifest.");
        return (manifest, [$"Checksums: {manifest.Files.Count} files match the manifest ({manifest.Files.Sum(f => f.Size):N0} bytes)."]);
    }
}
