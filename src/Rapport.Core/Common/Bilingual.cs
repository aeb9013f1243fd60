namespace Rapport.Core.Common;

/// <summary>Names kept in both of Rapport's languages (pipeline stages, case and article categories): the one for
/// the reader's UI culture, falling back to the English one when no Chinese name is set.</summary>
public static class Bilingual
{
    public static bool ReaderIsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    public static string Pick(string name, string? nameZh) => ReaderIsChinese && !string.IsNullOrWhiteSpace(nameZh) ? nameZh : name;
}
