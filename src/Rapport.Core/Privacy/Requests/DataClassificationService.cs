namespace Rapport.Core.Privacy.Requests;

/// <summary>Reads and saves the classification of fields. A field moved into or out of "sensitive personal" is masked or
/// unmasked with it (the <see cref="SensitiveFields"/> section every list and form already reads), so masking follows
/// the classification without a second place to keep it.</summary>
public sealed class DataClassificationService(SettingsService settings, ICurrentUser user)
{
    public async Task<IReadOnlyList<ClassifiedFieldDto>> GetAsync(CancellationToken ct)
    {
        user.Require(Permissions.PrivacyRead);
        var current = await settings.GetAsync<DataClassification>(ct);
        return [.. DataClassification.Fields.Select(f => new ClassifiedFieldDto(f.Entity, f.Field, current.ClassOf(f.Entity, f.Field), f.Default))];
    }

    /// <summary>Saves the classes (only those that differ from the defaults are kept) and syncs masking.</summary>
    public async Task<IReadOnlyList<ClassifiedFieldDto>> SaveAsync(DataClassification input, CancellationToken ct)
    {
        user.Require(Permissions.PrivacyManage);
        var errors = input.Validate().ToList();
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var before = await settings.GetAsync<DataClassification>(ct);
        var changed = new DataClassification(input.Classes
            .Where(c => DataClassification.Fields.First(f => f.Key == c.Key).Default != c.Value).ToDictionary(c => c.Key, c => c.Value));
        var masked = (await settings.GetAsync<SensitiveFields>(ct)).Fields.ToHashSet();
        foreach (var f in DataClassification.Fields.Where(f => f.Maskable is not null))
        {
            var was = before.ClassOf(f.Entity, f.Field) == DataClass.SensitivePersonal;
            var now = changed.ClassOf(f.Entity, f.Field) == DataClass.SensitivePersonal;
            if (now && !was) masked.Add(f.Maskable!);
            if (was && !now) masked.Remove(f.Maskable!);
        }
        await settings.SaveAsync(changed, ct, Permissions.PrivacyManage);
        await settings.SaveAsync(new SensitiveFields([.. SensitiveFields.Maskable.Where(masked.Contains)]), ct, Permissions.PrivacyManage);
        return await GetAsync(ct);
    }
}

/// <summary>A classifiable field, its class now and out of the box.</summary>
public sealed record ClassifiedFieldDto(string Entity, string Field, DataClass Class, DataClass Default);
