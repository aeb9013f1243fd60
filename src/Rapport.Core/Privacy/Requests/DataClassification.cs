namespace Rapport.Core.Privacy.Requests;

/// <summary>How protected a field's data is (PIPL art. 28 names sensitive personal information).</summary>
public enum DataClass { Public, Internal, Confidential, Personal, SensitivePersonal }

/// <summary>A field that can be classified: <c>entity.field</c> as the API names it, and its class out of the box.</summary>
public sealed record ClassifiableField(string Entity, string Field, DataClass Default, string? Maskable = null)
{
    public string Key => Entity + "." + Field;
}

/// <summary>Settings section <c>data-classification</c>: the administrator's class per field (only those changed from
/// the defaults are stored). It drives masking (sensitive fields are masked for readers without <c>pii.reveal</c>),
/// exporting (a list with a sensitive column needs <c>privacy.export</c>) and the access ZIP (personal and sensitive
/// fields go in; internal and confidential ones stay out).</summary>
public sealed record DataClassification(IReadOnlyDictionary<string, DataClass> Classes) : ISettingsSection<DataClassification>
{
    public static string Key => "data-classification";
    public static DataClassification Defaults { get; } = new(new Dictionary<string, DataClass>());

    /// <summary>Every classifiable field. What <see cref="PiiProtector"/> encrypts is sensitive; contact points and names personal.</summary>
    public static readonly IReadOnlyList<ClassifiableField> Fields =
    [
        new("customer", "name", DataClass.Personal),
        new("customer", "phones", DataClass.Personal, SensitiveFields.Phones),
        new("customer", "emails", DataClass.Personal, SensitiveFields.Emails),
        new("customer", "addresses", DataClass.Personal),
        new("customer", "nationalId", DataClass.SensitivePersonal, SensitiveFields.NationalId),
        new("customer", "bankAccount", DataClass.SensitivePersonal, SensitiveFields.BankAccount),
        new("customer", "dateOfBirth", DataClass.SensitivePersonal, SensitiveFields.DateOfBirth),
        new("customer", "industry", DataClass.Public),
        new("customer", "source", DataClass.Internal),
        new("customer", "tier", DataClass.Internal),
        new("customer", "stage", DataClass.Internal),
        new("customer", "notes", DataClass.Internal),
        new("contact", "name", DataClass.Personal),
        new("contact", "title", DataClass.Personal),
        new("contact", "department", DataClass.Personal),
        new("contact", "phones", DataClass.Personal),
        new("contact", "emails", DataClass.Personal),
        new("lead", "name", DataClass.Personal),
        new("lead", "email", DataClass.Personal),
        new("lead", "phone", DataClass.Personal),
        new("lead", "company", DataClass.Public),
        new("lead", "title", DataClass.Personal),
        new("lead", "city", DataClass.Personal),
        new("lead", "notes", DataClass.Internal),
        new("lead", "score", DataClass.Internal),
    ];

    public DataClass ClassOf(string entity, string field) =>
        Classes.TryGetValue(entity + "." + field, out var c) ? c
        : Fields.FirstOrDefault(f => f.Entity == entity && f.Field == field)?.Default ?? DataClass.Personal;

    public static bool IsPersonal(DataClass c) => c is DataClass.Personal or DataClass.SensitivePersonal;

    /// <summary>Whether the access ZIP carries the field: personal and sensitive ones, and any field not in the registry
    /// (a row about the subject is theirs unless the company classified a column as its own internal working).</summary>
    public bool InAccessExport(string entity, string field) =>
        !Fields.Any(f => f.Entity == entity && f.Field == field) || IsPersonal(ClassOf(entity, field)) || ClassOf(entity, field) == DataClass.Public;

    /// <summary>The customer fields masked for readers without <c>pii.reveal</c>: those classified sensitive.</summary>
    public IReadOnlyList<string> MaskedCustomerFields() =>
        [.. SensitiveFields.Maskable.Where(m => Fields.Any(f => f.Entity == "customer" && f.Maskable == m && ClassOf("customer", f.Field) == DataClass.SensitivePersonal))];

    public IEnumerable<FieldError> Validate()
    {
        if (Classes is null) { yield return new("classes", "Validation.Required"); yield break; }
        foreach (var (key, value) in Classes)
        {
            if (!Fields.Any(f => f.Key == key)) yield return new("classes", "Validation.UnknownClassifiedField", key);
            if (!Enum.IsDefined(value)) yield return new("classes", "Validation.Invalid", key);
        }
    }
}
