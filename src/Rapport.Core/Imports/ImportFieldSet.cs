namespace Rapport.Core.Imports;

/// <summary>The fields a kind of record offers an import: each with the English and Chinese headers that map to it by
/// themselves, which take several values, the field a row cannot do without, and the keys a row may be matched by.</summary>
public sealed class ImportFieldSet
{
    private readonly Dictionary<string, string> _byHeader;

    public ImportFieldSet(IReadOnlyList<(string Field, string[] Headers)> synonyms, IReadOnlySet<string> lists, string required,
        IReadOnlyList<string> matchKeys, IReadOnlyList<string> defaultKeys)
    {
        (Synonyms, Lists, Required, MatchKeys, DefaultKeys) = (synonyms, lists, required, matchKeys, defaultKeys);
        All = [.. synonyms.Select(s => s.Field)];
        _byHeader = synonyms.SelectMany(s => s.Headers.Select(h => (Key: ImportValues.HeaderKey(h), s.Field)))
            .DistinctBy(x => x.Key).ToDictionary(x => x.Key, x => x.Field);
    }

    /// <summary>Fields in the order the mapping step lists them, with their headers (compared after <see cref="ImportValues.HeaderKey"/>).</summary>
    public IReadOnlyList<(string Field, string[] Headers)> Synonyms { get; }
    public IReadOnlyList<string> All { get; }
    /// <summary>Fields that take several values (several columns may map to them, a cell may list several).</summary>
    public IReadOnlySet<string> Lists { get; }
    /// <summary>The field a mapping must give a column (<c>Import.NameUnmapped</c> otherwise).</summary>
    public string Required { get; }
    /// <summary>The keys a run may match rows by, and those it uses when it names none (in order of preference).</summary>
    public IReadOnlyList<string> MatchKeys { get; }
    public IReadOnlyList<string> DefaultKeys { get; }

    /// <summary>The field each header maps to by itself (null: not recognised). A scalar field taken by an earlier
    /// column is not given to a later one.</summary>
    public List<string?> AutoMap(IReadOnlyList<string> headers)
    {
        var taken = new HashSet<string>();
        var result = new List<string?>();
        foreach (var h in headers)
        {
            var field = _byHeader.GetValueOrDefault(ImportValues.HeaderKey(h));
            if (field is not null && !Lists.Contains(field) && !taken.Add(field)) field = null;
            result.Add(field);
        }
        return result;
    }

    /// <summary>Cells read through the mapping after <see cref="ImportValues"/>' transforms: single values, lists
    /// (split on the usual separators), and an error for a cell that is not safe text.</summary>
    public (Dictionary<string, string> Scalars, Dictionary<string, List<string>> Lists, List<FieldError> Errors) Read(
        IReadOnlyList<string> cells, IReadOnlyList<string?> mapping)
    {
        var errors = new List<FieldError>();
        var scalars = new Dictionary<string, string>();
        var lists = new Dictionary<string, List<string>>();
        for (var i = 0; i < mapping.Count && i < cells.Count; i++)
        {
            if (mapping[i] is not { } field) continue;
            if (!SafeText.IsSafe(cells[i])) { errors.Add(new(field, SafeText.ErrorCode)); continue; }
            if (Lists.Contains(field))
            {
                var values = ImportValues.Split(cells[i]);
                if (values.Count == 0) continue;
                if (!lists.TryGetValue(field, out var list)) lists[field] = list = [];
                list.AddRange(values);
            }
            else if (ImportValues.Clean(cells[i]) is { } v) scalars[field] = v;
        }
        return (scalars, lists, errors);
    }
}
