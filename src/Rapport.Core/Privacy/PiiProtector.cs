using System.Security.Cryptography;

namespace Rapport.Core.Privacy;

/// <summary>Encrypts personal data with AES-256-GCM and computes blind indexes for exact-match lookup.</summary>
/// <remarks>Envelope: <c>v1:{keyId}:{base64(nonce[12] | ciphertext | tag[16])}</c>; the key id picks the key on
/// the way back, so values written before a rotation stay readable.</remarks>
public sealed class PiiProtector(PiiKeyRing ring)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public PiiKeyRing Ring => ring;

    public string? Protect(string? plaintext)
    {
        if (plaintext is null) return null;
        var keyId = ring.PrimaryKeyId;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[NonceSize + plain.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(ring.Key(keyId), TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize, plain.Length), blob.AsSpan(NonceSize + plain.Length), Encoding.ASCII.GetBytes(keyId));
        return $"v1:{keyId}:{Convert.ToBase64String(blob)}";
    }

    public string? Unprotect(string? envelope)
    {
        if (envelope is null) return null;
        var parts = envelope.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1") throw new CryptographicException("Unknown PII envelope.");
        var blob = Convert.FromBase64String(parts[2]);
        var plain = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(ring.Key(parts[1]), TagSize);
        aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, plain.Length), blob.AsSpan(NonceSize + plain.Length), plain, Encoding.ASCII.GetBytes(parts[1]));
        return Encoding.UTF8.GetString(plain);
    }

    public static string? KeyIdOf(string? envelope) => envelope?.Split(':', 3) is [_, var id, _] ? id : null;

    /// <summary>HMAC-SHA256 of the field name and the normalised value: equal values match, nothing else leaks.</summary>
    public string? BlindIndex(string field, string? normalized) =>
        normalized is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(ring.IndexKey, Encoding.UTF8.GetBytes(field + "\n" + normalized)));
}
