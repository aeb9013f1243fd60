namespace Rapport.Core.Identity;

/// <summary>Guessable shapes a password must not have, whatever the administrator's policy: the person's or the
/// company's name, keyboard walks, repetition and sequences, control characters, and more than
/// <see cref="MaxLength"/> characters.
/// A rule set in code rather than a strength estimator: the only zxcvbn port on our package mirror is an
/// unmaintained netstandard1.x build (see ADR-010). Each rule gives its own reason (a resource key).</summary>
public static class PasswordRules
{
    /// <summary>Longer passwords only cost hashing time; NIST SP 800-63B asks for at least 64.</summary>
    public const int MaxLength = 128;
    /// <summary>How many keys in a row make a walk or a sequence.</summary>
    private const int Run = 4;

    // Keyboard rows and columns (US layout); shifted symbols are read as the key they sit on.
    private static readonly string[] Lines =
    [
        "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
        "1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/",
    ];

    private const string Shifted = "~!@#$%^&*()_+{}|:\"<>?";
    private const string Unshifted = "`1234567890-=[]\\;',./";

    private static readonly HashSet<string> Walks = BuildWalks();

    /// <summary>The codes of the rules <paramref name="password"/> breaks; <paramref name="names"/> are words that
    /// must not appear in it (user name, e-mail name, company, product).</summary>
    public static IEnumerable<string> Breaches(string password, IEnumerable<string?> names)
    {
        if (password.Length > MaxLength)
        {
            yield return "Password.TooLong";
            yield break; // the other checks are not worth running on megabytes
        }
        // NUL, tabs and other control characters cannot be typed reliably (and HMAC ignores trailing NULs).
        if (AccountInput.HasControl(password)) yield return "Password.Control";
        var lower = password.ToLowerInvariant();
        var keys = Keys(lower);
        if (ContainsName(lower, names)) yield return "Password.ContainsName";
        if (Enumerable.Range(0, Math.Max(0, keys.Length - Run + 1)).Any(i => Walks.Contains(keys.Substring(i, Run))))
            yield return "Password.Keyboard";
        if (HasSequence(lower) || IsRepetitive(lower)) yield return "Password.Pattern";
    }

    /// <summary>The keys pressed: shifted symbols as their unshifted key ("@WSX" is "2wsx").</summary>
    private static string Keys(string lower)
    {
        var chars = lower.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (Shifted.IndexOf(chars[i], StringComparison.Ordinal) is var s and >= 0) chars[i] = Unshifted[s];
        return new string(chars);
    }

    /// <summary>The usual look-alike digits and symbols are read as letters too ("R4pp0rt" is "rapport").</summary>
    private static bool ContainsName(string lower, IEnumerable<string?> names)
    {
        var plain = Deleet(lower);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name)) continue;
            var whole = name.Trim().ToLowerInvariant();
            // The whole name, and its parts of four letters or more ("zhang.wei" → "zhang").
            var words = whole.Split([' ', '.', '-', '_', '@', '+'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4).Append(whole);
            if (words.Any(w => w.Length >= 3 && (lower.Contains(w, StringComparison.Ordinal) || plain.Contains(Deleet(w), StringComparison.Ordinal))))
                return true;
        }
        return false;
    }

    /// <summary>Look-alikes folded together on both sides: 1, l, i and ! are one letter, and so on.</summary>
    private static string Deleet(string s) => new(s.Select(c => c switch
    {
        '0' => 'o',
        '1' or 'l' or '!' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' => 't',
        _ => c,
    }).ToArray());

    /// <summary>Four or more characters climbing or falling by one: abcd, 1234, dcba.</summary>
    private static bool HasSequence(string s)
    {
        for (var i = 0; i + Run <= s.Length; i++)
        {
            var step = s[i + 1] - s[i];
            if (step is not (1 or -1) || !char.IsLetterOrDigit(s[i])) continue;
            var j = i + 1;
            while (j < i + Run && s[j] - s[j - 1] == step && char.IsLetterOrDigit(s[j])) j++;
            if (j == i + Run) return true;
        }
        return false;
    }

    /// <summary>A block repeated back to back over at least half the password (and six characters or more): aaaaaa,
    /// Aa1!Aa1!, abcabc, 12121212.</summary>
    private static bool IsRepetitive(string s)
    {
        var needed = Math.Max(6, (s.Length + 1) / 2);
        for (var unit = 1; unit <= s.Length / 2; unit++)
            for (var start = 0; start + 2 * unit <= s.Length; start++)
            {
                var end = start + unit;
                while (end < s.Length && s[end] == s[end - unit]) end++;
                if (end - start >= needed && end - start >= 2 * unit) return true;
            }
        return false;
    }

    private static HashSet<string> BuildWalks()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines.Concat(Lines.Select(l => new string(l.Reverse().ToArray()))))
            for (var i = 0; i + Run <= line.Length; i++) set.Add(line.Substring(i, Run));
        return set;
    }
}
