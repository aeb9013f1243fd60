using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>A contact as an import found it before updating it: every column the import can change.</summary>
public sealed record ContactSnapshot(string Name, string? Title, string? Department, List<string> Phones, List<string> Emails, bool IsPrimary)
{
    public static ContactSnapshot Of(Contact c) => new(c.Name, c.Title, c.Department, [.. c.Phones], [.. c.Emails], c.IsPrimary);

    public void RestoreTo(Contact c)
    {
        (c.Name, c.Title, c.Department, c.IsPrimary) = (Name, Title, Department, IsPrimary);
        c.Phones = [.. Phones];
        c.Emails = [.. Emails];
    }

    /// <summary>The contact as the request that would recreate it.</summary>
    public static ContactInput InputOf(Contact c) => new()
    {
        Name = c.Name, Title = c.Title, Department = c.Department, Phones = [.. c.Phones], Emails = [.. c.Emails], IsPrimary = c.IsPrimary,
    };
}
