using System.Globalization;

namespace Rapport.Server.Components.Common;

/// <summary>Dates and numbers as the reader's culture writes them (the circuit runs in the user's culture);
/// times are stored in UTC and shown in local time.</summary>
public static class Format
{
    public static string DateTime(DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("g", CultureInfo.CurrentCulture);

    public static string Date(DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
