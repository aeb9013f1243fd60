using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Rapport.Server.Tests.Identity;

/// <summary>A WebAuthn authenticator in software, so passkeys can be tested without a browser: an ES256 (P-256)
/// key pair, "none" attestation, a signature counter, and the JSON a browser's <c>PublicKeyCredential.toJSON()</c>
/// would send.</summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01, UserVerified = 0x04, AttestedData = 0x40;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _signCount;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);
    public string Id => B64(CredentialId);
    public byte[]? UserHandle { get; private set; }
    public string Origin { get; set; } = "http://localhost";

    /// <summary>navigator.credentials.create(): answers creation options with an attestation.</summary>
    public JsonObject Create(JsonNode options)
    {
        options = options["publicKey"] ?? options;
        var rpId = (string)options["rp"]!["id"]!;
        UserHandle = FromB64((string)options["user"]!["id"]!);
        var clientData = ClientData("webauthn.create", (string)options["challenge"]!);
        var authData = AuthenticatorData(rpId, UserPresent | UserVerified | AttestedData, withCredential: true);

        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(3);
        cbor.WriteTextString("fmt");
        cbor.WriteTextString("none");
        cbor.WriteTextString("attStmt");
        cbor.WriteStartMap(0);
        cbor.WriteEndMap();
        cbor.WriteTextString("authData");
        cbor.WriteByteString(authData);
        cbor.WriteEndMap();

        return new JsonObject
        {
            ["id"] = Id, ["rawId"] = Id, ["type"] = "public-key", ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = B64(clientData),
                ["attestationObject"] = B64(cbor.Encode()),
                ["transports"] = new JsonArray("internal"),
            },
        };
    }

    /// <summary>navigator.credentials.get(): signs authenticatorData || SHA-256(clientDataJSON).
    /// <paramref name="signWith"/> lets a test sign with a different key.</summary>
    public JsonObject Get(JsonNode options, ECDsa? signWith = null, string? challenge = null)
    {
        options = options["publicKey"] ?? options;
        var rpId = (string)options["rpId"]!;
        var clientData = ClientData("webauthn.get", challenge ?? (string)options["challenge"]!);
        var authData = AuthenticatorData(rpId, UserPresent | UserVerified, withCredential: false);
        byte[] signed = [.. authData, .. SHA256.HashData(clientData)];
        var signature = (signWith ?? _key).SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var response = new JsonObject
        {
            ["clientDataJSON"] = B64(clientData),
            ["authenticatorData"] = B64(authData),
            ["signature"] = B64(signature),
        };
        if (UserHandle is not null) response["userHandle"] = B64(UserHandle);
        return new JsonObject
        {
            ["id"] = Id, ["rawId"] = Id, ["type"] = "public-key", ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(), ["response"] = response,
        };
    }

    private byte[] ClientData(string type, string challenge) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = type, ["challenge"] = challenge, ["origin"] = Origin, ["crossOrigin"] = false,
    }.ToJsonString());

    private byte[] AuthenticatorData(string rpId, int flags, bool withCredential)
    {
        var data = new List<byte>();
        data.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)));
        data.Add((byte)flags);
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, ++_signCount);
        data.AddRange(counter);
        if (withCredential)
        {
            data.AddRange(new byte[16]); // AAGUID: all zero, as for "none" attestation
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
            data.AddRange(length);
            data.AddRange(CredentialId);
            data.AddRange(CoseKey());
        }
        return [.. data];
    }

    /// <summary>The public key as a COSE_Key: kty EC2, alg ES256, crv P-256, x, y.</summary>
    private byte[] CoseKey()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(5);
        cbor.WriteInt32(1); cbor.WriteInt32(2);
        cbor.WriteInt32(3); cbor.WriteInt32(-7);
        cbor.WriteInt32(-1); cbor.WriteInt32(1);
        cbor.WriteInt32(-2); cbor.WriteByteString(p.Q.X!);
        cbor.WriteInt32(-3); cbor.WriteByteString(p.Q.Y!);
        cbor.WriteEndMap();
        return cbor.Encode();
    }

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public void Dispose() => _key.Dispose();
}
