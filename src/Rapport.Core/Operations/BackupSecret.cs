using System.Security.Cryptography;
using System.Text.Json;

namespace Rapport.Core.Operations;

/// <summary>Seals a secret (the personal-data key ring) with the operator's backup passphrase: AES-256-GCM under a key
/// derived by PBKDF2-SHA256 (600,000 iterations, a random 16-byte salt per backup). The sealed form is JSON naming its
/// parameters, so a later version can raise the iterations and still open older backups (ADR-021).</summary>
public static class BackupSecret
{
    public const string Format = "rapport-sealed-1";
    public const int Iterations = 600_000;

    private sealed record Sealed(string Format, string Kdf, int Iterations, string Salt, string Nonce, string Tag, string Ciphertext);

    public static byte[] Seal(byte[] plain, string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(Key(passphrase, salt, Iterations), tag.Length))
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(Format));
        return JsonSerializer.SerializeToUtf8Bytes(new Sealed(Format, "PBKDF2-SHA256", Iterations,
            Convert.ToBase64String(salt), Convert.ToBase64String(nonce), Convert.ToBase64String(tag), Convert.ToBase64String(cipher)));
    }

    /// <summary>The plain bytes; <see cref="BackupException"/> when the passphrase is wrong or the sealed bytes were changed.</summary>
    public static byte[] Open(byte[] sealedBytes, string passphrase)
    {
        Sealed s;
        try
        {
            s = JsonSerializer.Deserialize<Sealed>(sealedBytes) ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw new BackupException("The sealed key ring in the backup is unreadable.");
        }
        if (s.Format != Format || s.Kdf != "PBKDF2-SHA256" || s.Iterations < Iterations)
            throw new BackupException($"The sealed key ring has an unknown format ({s.Format}, {s.Kdf}, {s.Iterations} iterations).");
        var cipher = Convert.FromBase64String(s.Ciphertext);
        var tag = Convert.FromBase64String(s.Tag);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(Key(passphrase, Convert.FromBase64String(s.Salt), s.Iterations), tag.Length);
            aes.Decrypt(Convert.FromBase64String(s.Nonce), cipher, tag, plain, Encoding.UTF8.GetBytes(Format));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupException("The backup passphrase is wrong (or the sealed key ring was changed): the key ring cannot be opened.");
        }
        return plain;
    }

    private static byte[] Key(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, iterations, HashAlgorithmName.SHA256, 32);
}

/// <summary>A backup, verification or restore that cannot go on; the message says why, for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
