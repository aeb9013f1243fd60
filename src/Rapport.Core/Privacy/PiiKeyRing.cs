using System.Security.Cryptography;
using System.Text.Json;

namespace Rapport.Core.Privacy;

/// <summary>
/// The keys that encrypt personal data. Each data key has an id that is stored with every ciphertext, so old
/// ciphertexts stay readable after a rotation; one key is primary and encrypts everything new. A separate index key
/// computes the blind indexes and never rotates (rotating it would need every index recomputed from plaintext).
/// The ring comes from the environment variable <c>RAPPORT_PII_KEYS</c> (the same JSON as the file), or from
/// <c>{DataDirectory}/keys/pii-keyring.json</c>, created on first start readable by the owner only.
/// </summary>
public sealed class PiiKeyRing
{
    public const string EnvironmentVariable = "RAPPORT_PII_KEYS";

    public sealed record DataKey(string Id, string Key, DateTime Created, bool Primary);

    public sealed record Document(string IndexKey, List<DataKey> Keys);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly object _gate = new();
    private readonly string? _file;
    private Document _doc;

    private PiiKeyRing(Document doc, string? file)
    {
        Validate(doc);
        _doc = doc;
        _file = file;
    }

    public bool IsFromEnvironment => _file is null;
    public string PrimaryKeyId { get { lock (_gate) return _doc.Keys.Single(k => k.Primary).Id; } }
    public byte[] IndexKey => Convert.FromBase64String(_doc.IndexKey);

    public byte[] Key(string id)
    {
        lock (_gate)
            return Convert.FromBase64String((_doc.Keys.FirstOrDefault(k => k.Id == id)
                ?? throw new CryptographicException($"PII key '{id}' is not in the key ring.")).Key);
    }

    public static PiiKeyRing Load(string? environmentJson, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(environmentJson)) return new PiiKeyRing(Parse(environmentJson), null);
        var file = FileIn(dataDirectory);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            Write(file, New(), create: true);
        }
        return new PiiKeyRing(Parse(File.ReadAllText(file)), file);
    }

    /// <summary>Where the ring's file lives in a data directory (backups take it from there and restore it there).</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "keys", "pii-keyring.json");

    /// <summary>A ring that lives only in memory (tests, tools).</summary>
    public static PiiKeyRing Ephemeral() => new(New(), null);

    /// <summary>Adds a new primary key and saves the ring; existing data is re-encrypted in the background.</summary>
    public string Rotate(DateTime now)
    {
        if (_file is null) throw new InvalidOperationException($"The key ring comes from {EnvironmentVariable}; rotate by adding a key there.");
        lock (_gate)
        {
            var id = "k" + now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
            var keys = _doc.Keys.Select(k => k with { Primary = false }).Append(new DataKey(id, Random32(), now, true)).ToList();
            var next = _doc with { Keys = keys };
            Write(_file, next, create: false);
            _doc = next;
            return id;
        }
    }

    private static Document New() =>
        new(Random32(), [new DataKey("k1", Random32(), DateTime.UtcNow, true)]);

    private static string Random32() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Document Parse(string json) =>
        JsonSerializer.Deserialize<Document>(json, Json)
        ?? throw new CryptographicException("The PII key ring is empty.");

    private static void Validate(Document doc)
    {
        if (Convert.FromBase64String(doc.IndexKey).Length != 32 || doc.Keys.Count == 0
            || doc.Keys.Count(k => k.Primary) != 1 || doc.Keys.Any(k => Convert.FromBase64String(k.Key).Length != 32)
            || doc.Keys.Select(k => k.Id).Distinct().Count() != doc.Keys.Count)
            throw new CryptographicException("The PII key ring must hold 256-bit keys with distinct ids, exactly one primary, and a 256-bit index key.");
    }

    /// <summary>Writes to a temporary file readable by the owner only, then moves it into place.</summary>
    private static void Write(string file, Document doc, bool create)
    {
        var temp = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
            JsonSerializer.Serialize(stream, doc, Json);
        File.Move(temp, file, overwrite: !create);
    }
}
