using System.Text.RegularExpressions;
using Rapport.Core.Customers;
using Rapport.Core.Preferences;
using F = Rapport.Core.Imports.InteractionImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as interactions on customers' timelines: the customer named by its number or exact name (in the
/// caller's scope), the contact by name or email among that customer's contacts, kinds and directions named in English
/// or Chinese, the time read in the importer's time zone; checked and written by <see cref="InteractionService"/>'s own
/// rules (<c>Check</c>/<c>Apply</c>). Interactions have no natural key, so every row creates one (create-only).</summary>
public sealed partial class InteractionImporter(RapportDbContext db, ICurrentUser user, UserTimeZones zones, TimeProvider clock)
    : RecordImporter<Interaction, InteractionImporter.Row>(user)
{
    private TimeZoneInfo? _zone;
    /// <summary>The contacts of the batch's customers by <c>{customer}|{name or email}</c> (null: several have it).</summary>
    private Dictionary<string, Guid?> _contacts = [];

    /// <summary>A row read through the mapping: the request the interaction API would get (without its time, read in
    /// the importer's zone later), the customer and contact it names.</summary>
    /// <remarks>A time given with its offset (an export read back) is that instant (<see cref="Utc"/>), whatever the importer's zone.</remarks>
    public sealed record Row(InteractionInput Input, DateTime? LocalTime, DateTime? Utc, string? CustomerNumber, string? CustomerName, string? Contact, List<FieldError> Errors)
    {
        /// <summary>The customer the row names, once looked up.</summary>
        public Guid? CustomerId { get; set; }
    }

    public override string Entity => ImportService.Interactions;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    /// <summary>As the interaction API: logging on a customer's timeline is changing the customer.</summary>
    public override void RequirePermissions(ImportMatchMode mode) => User.Require(Permissions.CustomersUpdate);

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, _, errors) = F.Set.Read(cells, mapping.Columns);
        string? S(string f) => scalars.GetValueOrDefault(f);
        if (!ImportValues.TryEnum(S(F.Kind), F.KindSynonyms, out var kind)) errors.Add(new(F.Kind, "Validation.Enum"));
        if (!ImportValues.TryEnum(S(F.Direction), F.DirectionSynonyms, out var direction)) errors.Add(new(F.Direction, "Validation.Enum"));
        var at = S(F.OccurredAt);
        var utc = ImportValues.ParseInstant(at);
        DateTime? local = null;
        if (at is not null && utc is null && (local = LocalTimeOf(at)) is null) errors.Add(new(F.OccurredAt, "Validation.Date"));
        var input = new InteractionInput
        {
            Kind = kind ?? InteractionKind.Note, Direction = direction ?? Direction.None, Subject = S(F.Subject), Content = S(F.Content), Outcome = S(F.Outcome),
        };
        return new Row(input, local, utc, S(F.CustomerNumber), S(F.Customer), S(F.Contact), errors);
    }

    /// <summary>A date as <see cref="ImportValues.ParseDate"/> reads it, with the time written after it (14:30, 14:30:05), if any.</summary>
    private static DateTime? LocalTimeOf(string cell)
    {
        if (ImportValues.ParseDate(cell) is not { } date) return null;
        var time = TimeShape().Match(cell);
        if (!time.Success) return date.ToDateTime(TimeOnly.MinValue);
        var (h, m, s) = (int.Parse(time.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(time.Groups["m"].Value, CultureInfo.InvariantCulture),
            time.Groups["s"].Success ? int.Parse(time.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
        return h < 24 && m < 60 && s < 60 ? date.ToDateTime(new TimeOnly(h, m, s)) : null;
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The customers the rows name (once per run), the contacts of those customers (per batch), the importer's time zone.</summary>
    protected override async Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct)
    {
        await ImportCustomers.ResolveAsync(db, rows.Select(r => (r.CustomerNumber, r.CustomerName)), memory, ct);
        _zone ??= await zones.ForAsync(User.Id, ct);
        foreach (var r in rows) r.CustomerId = ImportCustomers.Of(r.CustomerNumber, r.CustomerName, memory)?.Id;
        var customers = rows.Where(r => r.Contact is not null).Select(r => r.CustomerId).OfType<Guid>().Distinct().ToList();
        _contacts = [];
        if (customers.Count == 0) return;
        foreach (var c in await db.Contacts.AsNoTracking().Where(c => customers.Contains(c.CustomerId)).Select(c => new { c.Id, c.CustomerId, c.Name, c.Emails }).ToListAsync(ct))
            foreach (var key in c.Emails.Append(c.Name).Select(v => ContactKey(c.CustomerId, v)).Distinct())
                _contacts[key] = _contacts.TryGetValue(key, out _) ? null : c.Id;
    }

    private static string ContactKey(Guid customer, string nameOrEmail) => customer.ToString("N") + "|" + nameOrEmail.Trim().ToUpperInvariant();

    /// <summary>Every row needs a customer; a contact it names must be one of that customer's, and only one.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Interaction? into, List<FieldError> errors)
    {
        ImportCustomers.Check(row.CustomerNumber, row.CustomerName, memory, required: true, errors);
        if (row.Contact is { } contact && row.CustomerId is { } customer)
        {
            if (!_contacts.TryGetValue(ContactKey(customer, contact), out var id)) errors.Add(new(F.Contact, "Validation.UnknownContact"));
            else if (id is null) errors.Add(new(F.Contact, "Import.ContactAmbiguous"));
        }
    }

    /// <summary>No keys: an interaction has nothing that tells it is already there.</summary>
    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by) => [];

    protected override Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct) => Task.FromResult(new Dictionary<string, Guid>());

    protected override Task<Dictionary<Guid, Interaction>> LoadAsync(List<Guid> ids, CancellationToken ct) => Task.FromResult(new Dictionary<Guid, Interaction>());

    protected override Interaction Create(Row row, ImportMemory memory)
    {
        var occurred = row.Utc;
        if (row.LocalTime is { } local)
        {
            try { occurred = TimeZoneInfo.ConvertTimeToUtc(local, _zone!); }
            catch (ArgumentException) { throw RapportValidationException.For(F.OccurredAt, "Validation.Date"); }
        }
        var contact = row.Contact is { } c ? _contacts.GetValueOrDefault(ContactKey(row.CustomerId!.Value, c)) : null;
        var input = row.Input with { ContactId = contact, OccurredAt = occurred };
        var errors = InteractionService.Check(input);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var interaction = new Interaction { CustomerId = row.CustomerId!.Value, Subject = "" };
        InteractionService.Apply(interaction, input, clock.GetUtcNow().UtcDateTime);
        return interaction;
    }

    /// <summary>Never called: without keys no row matches an interaction.</summary>
    protected override void Update(Interaction record, Row row, ImportMemory memory) => throw new NotSupportedException("Interactions are imported as new ones only.");

    protected override Guid IdOf(Interaction record) => record.Id;

    protected override string Snapshot(Interaction record) => throw new NotSupportedException("Interactions are imported as new ones only.");

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Interaction record, Row row) => new Dictionary<string, string?>
    {
        [F.Customer] = row.CustomerNumber ?? row.CustomerName,
        [F.Contact] = row.Contact,
        [F.Kind] = record.Kind.ToString(),
        [F.Direction] = record.Direction.ToString(),
        [F.Subject] = record.Subject,
        [F.Content] = record.Content,
        [F.OccurredAt] = row.LocalTime is null ? null : record.OccurredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        [F.Outcome] = record.Outcome,
    };

    protected override Task InsertAsync(List<Interaction> added, DateTime now, CancellationToken ct) => BulkInsert.InsertAsync(db, added, now, ct);

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Interactions.IgnoreQueryFilters().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Version }).ToDictionaryAsync(i => i.Id, i => i.Version, ct);

    /// <summary>Nothing refers to an interaction: a changed one is left alone by its version.</summary>
    public override Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) => Task.FromResult(new HashSet<Guid>());

    public override Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct) =>
        db.Interactions.IgnoreQueryFilters().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct);

    /// <summary>Never called: an interaction import updates nothing.</summary>
    public override Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct) => Task.FromResult(0);

    [GeneratedRegex(@"[ T日]\s*(?<h>\d{1,2}):(?<m>\d{2})(?::(?<s>\d{2}))?(?:\.\d+)?\s*$")]
    private static partial Regex TimeShape();
}
