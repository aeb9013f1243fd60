namespace Rapport.Server.Components.Common;

/// <summary>Counted phrases ("1 lead", "2 leads", "共 2 条线索") from the resources: the resource <c>key</c> holds the
/// general (CLDR "other") form, <c>key.one</c> the singular for languages that have one. Chinese has a single form,
/// so its table needs no <c>.one</c> row.</summary>
public static class Plurals
{
    /// <summary>The phrase for <paramref name="count"/>; the count, written as the reader's culture writes numbers,
    /// is <c>{0}</c> and <paramref name="more"/> follow as <c>{1}</c>, <c>{2}</c>…</summary>
    public static string Plural(this IStringLocalizer text, string key, long count, params object[] more)
    {
        object[] args = [Format.Number(count), .. more];
        if (IsOne(count, CultureInfo.CurrentUICulture))
        {
            var one = text[key + ".one", args];
            if (!one.ResourceNotFound) return one;
        }
        return text[key, args];
    }

    /// <summary>CLDR's "one" category for the languages Rapport ships: English has it for exactly 1; Chinese has no
    /// singular form.</summary>
    private static bool IsOne(long count, CultureInfo culture) =>
        count == 1 && culture.TwoLetterISOLanguageName != "zh";
}
