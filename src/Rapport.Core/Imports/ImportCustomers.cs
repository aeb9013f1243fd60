using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>Customers named by import rows (contacts, deals, interactions): by number, else by exact name, in the
/// caller's scope (the query filters apply, so a customer they cannot see is not found), looked up once per run.</summary>
internal static class ImportCustomers
{
    /// <summary>A customer a row named: found (with its kind), or why not.</summary>
    internal sealed record Ref(Guid? Id, CustomerKind Kind, string? Error);

    /// <summary>The customer a row names (null: it names none).</summary>
    public static Ref? Of(string? number, string? name, ImportMemory memory) =>
        KeyOf(number, name) is { } key ? memory.Customers.GetValueOrDefault(key) : null;

    /// <summary>A named customer that is not found (or not unique by name) as an error on the column that named it; a
    /// row that must have one (<paramref name="required"/>) and names none as a required customer.</summary>
    public static Ref? Check(string? number, string? name, ImportMemory memory, bool required, List<FieldError> errors)
    {
        var found = Of(number, name, memory);
        var field = number is not null ? "customerNumber" : "customer";
        if (found is { Error: { } error }) errors.Add(new(field, error));
        else if (required && found is null) errors.Add(new("customer", "Validation.Required"));
        return found;
    }

    /// <summary>Looks up the customers these rows name that the run does not know yet: one query by number, one by name.</summary>
    public static async Task ResolveAsync(RapportDbContext db, IEnumerable<(string? Number, string? Name)> rows, ImportMemory memory, CancellationToken ct)
    {
        var known = memory.Customers;
        var list = rows.ToList();
        var numbers = list.Select(r => r.Number).OfType<string>().Distinct().Where(n => !known.ContainsKey("n:" + n)).ToList();
        var names = list.Where(r => r.Number is null).Select(r => r.Name).OfType<string>().Distinct().Where(n => !known.ContainsKey("c:" + n)).ToList();
        var found = new List<(string Key, Guid Id, CustomerKind Kind)>();
        if (numbers.Count > 0)
            found.AddRange((await db.Customers.AsNoTracking().Where(c => numbers.Contains(c.Number)).Select(c => new { c.Number, c.Id, c.Kind }).ToListAsync(ct))
                .Select(c => ("n:" + c.Number, c.Id, c.Kind)));
        if (names.Count > 0)
            found.AddRange((await db.Customers.AsNoTracking().Where(c => names.Contains(c.Name)).Select(c => new { c.Name, c.Id, c.Kind }).ToListAsync(ct))
                .Select(c => ("c:" + c.Name, c.Id, c.Kind)));
        var byKey = found.GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var key in numbers.Select(n => "n:" + n).Concat(names.Select(n => "c:" + n)))
            known[key] = byKey.GetValueOrDefault(key) switch
            {
                null or [] => new Ref(null, default, "Import.CustomerUnknown"),
                [var one] => new Ref(one.Id, one.Kind, null),
                _ => new Ref(null, default, "Import.CustomerAmbiguous"),
            };
    }

    private static string? KeyOf(string? number, string? name) => number is { } n ? "n:" + n : name is { } c ? "c:" + c : null;
}
