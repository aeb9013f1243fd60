namespace Rapport.Core.Common;

/// <summary>The sane ranges of quantities and dates (money: <see cref="Currency"/>), in one place: every service checks its inputs against
/// these (a 400 naming the field) before doing arithmetic with them, so that no input can overflow a
/// <see cref="long"/>, a <see cref="decimal"/> or a <see cref="DateOnly"/> further down.</summary>
public static class Ranges
{
    /// <summary>The largest quantity on a quote line.</summary>
    public const decimal QuantityMax = 1_000_000m;

    /// <summary>Business dates (close dates, invoice and payment dates, contract periods, tasks) lie in this range;
    /// birth dates from <see cref="DateMin"/> to today (see <c>CustomerRules</c>).</summary>
    public static readonly DateOnly DateMin = new(1900, 1, 1);
    public static readonly DateOnly DateMax = new(2199, 12, 31);

    public static bool IsBusinessDate(DateOnly date) => date >= DateMin && date <= DateMax;

    public static bool IsBusinessDate(DateTime time) => IsBusinessDate(DateOnly.FromDateTime(time));

    /// <summary>Adds a field error unless the date is a business date.</summary>
    public static void CheckDate(List<FieldError> errors, string field, DateOnly? date)
    {
        if (date is { } d && !IsBusinessDate(d)) errors.Add(DateError(field));
    }

    /// <summary>Adds a field error unless the moment falls on a business date.</summary>
    public static void CheckDate(List<FieldError> errors, string field, DateTime? time)
    {
        if (time is { } t && !IsBusinessDate(t)) errors.Add(DateError(field));
    }

    /// <summary>Throws a 400 on <paramref name="field"/> unless the date (a query filter) is a business date.</summary>
    public static void RequireDate(string field, DateOnly? date)
    {
        if (date is { } d && !IsBusinessDate(d)) throw new RapportValidationException([DateError(field)]);
    }

    /// <summary><paramref name="date"/> plus <paramref name="days"/>, or null when that leaves the business dates.</summary>
    public static DateOnly? AddDays(DateOnly date, int days)
    {
        var n = (long)date.DayNumber + days;
        return n >= DateMin.DayNumber && n <= DateMax.DayNumber ? DateOnly.FromDayNumber((int)n) : null;
    }

    public static FieldError DateError(string field) =>
        new(field, "Validation.DateRange", DateMin.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DateMax.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
