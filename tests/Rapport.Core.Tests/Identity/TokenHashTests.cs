using Rapport.Core.Identity;

namespace Rapport.Core.Tests.Identity;

public sealed class TokenHashTests
{
    [Theory]
    // FIPS 180-2 / well-known SHA-256 test vectors.
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Hash_is_lower_case_hex_sha256_of_the_utf8_secret(string secret, string expected)
    {
        Assert.Equal(expected, TokenService.Hash(secret));
    }

    [Fact]
    public void Hash_of_a_token_fits_the_64_character_column()
    {
        var hash = TokenService.Hash(TokenService.SecretPrefix + "AbC-_123");

        Assert.Equal(64, hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }
}
