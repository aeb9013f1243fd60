using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Mail;

namespace Rapport.Core.Privacy.Requests;

/// <summary>Data-subject requests: intake by an agent or through the public form (received once the subject opens the
/// emailed link), the deadline by regime, the status moves, the access ZIP, erasure and restriction.</summary>
public sealed class SubjectRequestService(RapportDbContext db, TimeProvider clock, ICurrentUser user, SettingsService settings,
    IOptions<CustomerOptions> customerOptions, DatabaseOptions database, AuditTrail audit, MailService mail,
    SubjectAccessExport export, SubjectErasure erasure, ISubjectRequestLinks links, Notifications.INotificationText text,
    IOptions<ServiceDesk.CaseOptions> caseOptions, ILogger<SubjectRequestService> log)
{
    public const string NumberPattern = "DSR-{yyyy}-{seq:00000}";

    private AttachmentStore Store => new(Path.Combine(database.DataDirectory, "attachments", "privacy"));

    public async Task<SubjectRequestDto> CreateAsync(SubjectRequestInput input, CancellationToken ct)
    {
        user.Require(Permissions.PrivacyManage);
        var lengths = new List<FieldError>();
        TextInput.CheckLength(lengths, "subjectName", TextInput.Clean(input.SubjectName), SubjectRequest.NameMax);
        TextInput.CheckLength(lengths, "notes", TextInput.Clean(input.Notes), SubjectRequest.NotesMax);
        if (lengths.Count > 0) throw new RapportValidationException(lengths);
        var (email, phone) = await ValidateAsync(input.Type, input.CustomerId, input.Email, input.Phone, input.Regime, ct);
        await Owners.EnsureExistsAsync(db, input.AssigneeId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var config = await settings.GetAsync<SubjectRequestSettings>(ct);
        var request = new SubjectRequest
        {
            Number = await Sequences.NextNumberAsync(db, NumberPattern, now, ct, "privacy:"), Type = input.Type,
            Regime = input.Regime ?? config.DefaultRegime, Language = Language(input.Language),
            CustomerId = input.CustomerId, SubjectName = TextInput.Clean(input.SubjectName), Email = email, Phone = phone,
            AssigneeId = input.AssigneeId ?? user.Id, Notes = TextInput.Clean(input.Notes),
        };
        request.Receive(now, config.PiplDays);
        db.SubjectRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return await GetAsync(request.Id, ct);
    }

    /// <summary>The public form: an unverified request and a mail with the link that makes it received. Answers the
    /// same whatever the address, so the form tells nobody whose data is held.</summary>
    public async Task SubmitPublicAsync(PublicSubjectRequestInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(input.Type)) errors.Add(new("type", "Validation.Invalid"));
        var email = ContactPoints.NormalizeEmail(input.Email);
        if (email is null) errors.Add(new("email", "Validation.Email"));
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone) && (phone = ContactPoints.NormalizePhone(input.Phone, customerOptions.Value.DefaultPhoneRegion)) is null)
            errors.Add(new("phone", "Validation.Phone"));
        var name = TextInput.Clean(input.Name);
        if (name is null) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, SubjectRequest.NameMax);
        TextInput.CheckLength(errors, "details", TextInput.Clean(input.Details), SubjectRequest.NotesMax);
        if (input.Regime is { } r && !Enum.IsDefined(r)) errors.Add(new("regime", "Validation.Invalid"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var config = await settings.GetAsync<SubjectRequestSettings>(ct);
        var request = new SubjectRequest
        {
            Number = await Sequences.NextNumberAsync(db, NumberPattern, now, ct, "privacy:"), Type = input.Type,
            Regime = input.Regime ?? config.DefaultRegime, Language = Language(input.Language), FromPublicForm = true,
            SubjectName = name, Email = email, Phone = phone, Notes = TextInput.Clean(input.Details),
        };
        db.SubjectRequests.Add(request);
        var culture = CultureInfo.GetCultureInfo(request.Language);
        string T(string key, params string[] args) => text.Render(key, args, culture);
        mail.Enqueue(new OutgoingMail([email!], T("Privacy.VerifyMail.Subject", request.Number),
            string.Join("\n\n", T("Privacy.VerifyMail.Greeting", name!), T("Privacy.VerifyMail.Ask", request.Number), links.VerifyUrl(request.Id), T("Privacy.VerifyMail.Ignore")),
            Purpose: "privacy", Correlation: $"subjectrequest:{request.Id}"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The subject opened the emailed link: the request is received and its deadline starts. Null when the
    /// link is not one of ours.</summary>
    public async Task<string?> VerifyAsync(string token, CancellationToken ct)
    {
        if (links.Read(token) is not { } id) return null;
        var request = await db.SubjectRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return null;
        request.Receive(clock.GetUtcNow().UtcDateTime, (await settings.GetAsync<SubjectRequestSettings>(ct)).PiplDays);
        await db.SaveChangesAsync(ct);
        return request.Number;
    }

    public async Task<SubjectRequestDto> GetAsync(Guid id, CancellationToken ct)
    {
        await user.FindToReadAsync(db.SubjectRequests, id, Permissions.PrivacyRead, ct);
        return await Dtos(db.SubjectRequests.AsNoTracking().Where(r => r.Id == id)).SingleAsync(ct);
    }

    /// <summary>Newest first; <paramref name="open"/> keeps the open ones, <paramref name="overdue"/> those past their deadline.</summary>
    public async Task<Page<SubjectRequestDto>> ListAsync(SubjectRequestStatus? status, bool? open, bool? overdue, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.PrivacyRead);
        var size = Keyset.ClampPageSize(limit);
        var now = clock.GetUtcNow().UtcDateTime;
        var source = db.SubjectRequests.AsNoTracking();
        if (status is { } s) source = source.Where(r => r.Status == s);
        if (open == true) source = source.Where(r => r.Status != SubjectRequestStatus.Completed && r.Status != SubjectRequestStatus.Refused);
        if (overdue == true) source = source.Where(r => r.DueAt < now && r.Status != SubjectRequestStatus.Completed && r.Status != SubjectRequestStatus.Refused);
        var rows = await Dtos(Keyset.Seek(source, r => r.CreatedAt, r => r.Id, true, cursor, size)).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, r => r.CreatedAt, r => r.Id);
        return new Page<SubjectRequestDto>(items, next);
    }

    public async Task<SubjectRequestDto> UpdateAsync(Guid id, SubjectRequestUpdate input, long? expectedVersion, CancellationToken ct)
    {
        var request = await user.FindToChangeAsync(db.SubjectRequests, id, Permissions.PrivacyManage, expectedVersion, ct);
        var errors = new List<FieldError>();
        var notes = TextInput.Clean(input.Notes);
        TextInput.CheckLength(errors, "notes", notes, SubjectRequest.NotesMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        await Owners.EnsureExistsAsync(db, input.AssigneeId, ct);
        (request.AssigneeId, request.Notes) = (input.AssigneeId, notes);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<SubjectRequestDto> MoveAsync(Guid id, SubjectRequestMove input, long? expectedVersion, CancellationToken ct)
    {
        var request = await user.FindToChangeAsync(db.SubjectRequests, id, Permissions.PrivacyManage, expectedVersion, ct);
        var reason = TextInput.Clean(input.Reason);
        var errors = new List<FieldError>();
        TextInput.CheckLength(errors, "reason", reason, SubjectRequest.ReasonMax);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        request.MoveTo(input.Status, reason, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Checks that the caller may have the access / portability ZIP made now (privacy.manage, the expected
    /// version, a verified open request) and moves a received request on to in progress. The ZIP itself is made after,
    /// in the background (<see cref="MakeExportAsync"/>; ADR-043): nothing of it is written here.</summary>
    public async Task<SubjectRequestDto> BeginExportAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var request = await user.FindToChangeAsync(db.SubjectRequests, id, Permissions.PrivacyManage, expectedVersion, ct);
        request.CheckWorkable();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Makes the access / portability ZIP, streamed to a file kept with the request, and records it there (a new
    /// one replaces the old only once complete; a failed one leaves no file and the old one in place), audited with its
    /// tables. <paramref name="progress"/> hears of every row and table as they are written.</summary>
    public async Task MakeExportAsync(Guid id, SubjectExportProgress? progress, CancellationToken ct)
    {
        var request = await user.FindToReadAsync(db.SubjectRequests, id, Permissions.PrivacyManage, ct);
        var fileId = Guid.CreateVersion7();
        IReadOnlyDictionary<string, int> counts = new Dictionary<string, int>();
        var size = await Store.SaveGeneratedAsync(request.Id, fileId, async stream => counts = await export.WriteAsync(request, stream, progress, ct));
        Guid? previous;
        try
        {
            // The request may have moved on while its ZIP was written (notes, a status): the file is recorded on it as it is now.
            var current = await db.SubjectRequests.FirstAsync(r => r.Id == id, ct);
            previous = current.ExportId;
            current.RecordExport(fileId, size, clock.GetUtcNow().UtcDateTime);
            await audit.RecordAsync(AuditActions.SubjectExported, "subjectrequest", id.ToString(), new { request = current.Number, tables = counts }, ct);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            Store.Delete(id, fileId);
            throw;
        }
        if (previous is { } old) Store.Delete(id, old);
    }

    /// <summary>The ZIP, for privacy.manage; every download is audited.</summary>
    public async Task<(string FileName, Stream Content)> OpenExportAsync(Guid id, CancellationToken ct)
    {
        var request = await user.FindToReadAsync(db.SubjectRequests, id, Permissions.PrivacyManage, ct);
        var content = request.ExportId is { } file ? Store.Open(request.Id, file) : null;
        if (content is null) throw new NotFoundException("SubjectRequestExport", id);
        await audit.RecordAsync(AuditActions.SubjectExportDownloaded, "subjectrequest", id.ToString(), new { request = request.Number }, ct);
        await db.SaveChangesAsync(ct);
        return ($"{request.Number}.zip", content);
    }

    /// <summary>Erases the subject everywhere but where the law keeps the records; the request is completed with the outcome.</summary>
    public async Task<SubjectRequestDto> EraseAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var request = await user.FindToChangeAsync(db.SubjectRequests, id, Permissions.PrivacyManage, expectedVersion, ct);
        if (request.Type != SubjectRequestType.Erasure) throw RapportValidationException.For("type", "Privacy.NotErasure");
        request.CheckWorkable();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var files = await erasure.EraseAsync(request, ct);
        request.MoveTo(SubjectRequestStatus.Completed, null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Every attachment row of the subject's cases is gone: their folders go whole. A file that cannot be deleted
        // now (permissions, a full disk) is logged with the request's number for the operator; the erasure stands.
        var store = ServiceDesk.CaseService.StoreOf(caseOptions.Value, database);
        foreach (var owner in files.Select(f => f.Owner).Distinct())
        {
            try { store.DeleteOwner(owner); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogError(e, "Erasure {Request}: the attachments of case {Case} could not be deleted; delete its folder by hand", request.Number, owner);
            }
        }
        return await GetAsync(id, ct);
    }

    /// <summary>Restricts (or lifts the restriction of) processing of the subject's customer records.</summary>
    public async Task<SubjectRequestDto> RestrictAsync(Guid id, bool restricted, long? expectedVersion, CancellationToken ct)
    {
        var request = await user.FindToChangeAsync(db.SubjectRequests, id, Permissions.PrivacyManage, expectedVersion, ct);
        if (request.Type is not (SubjectRequestType.Restriction or SubjectRequestType.Objection)) throw RapportValidationException.For("type", "Privacy.NotRestriction");
        request.CheckWorkable();
        var who = await SubjectRecords.FindAsync(db, request, ct);
        var customers = who.Customers;
        var rows = await db.Customers.IgnoreQueryFilters().Where(c => customers.Contains(c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProcessingRestricted, restricted), ct);
        var outcome = new SubjectRequestOutcome([new OutcomeLine("customers", rows)], []);
        request.RecordOutcome(JsonSerializer.Serialize(outcome, SubjectErasure.OutcomeJson));
        await audit.RecordAsync(AuditActions.SubjectRestricted, "subjectrequest", id.ToString(), new { request = request.Number, restricted, customers = rows }, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<(string? Email, string? Phone)> ValidateAsync(SubjectRequestType type, Guid? customerId, string? rawEmail, string? rawPhone,
        PrivacyRegime? regime, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(type)) errors.Add(new("type", "Validation.Invalid"));
        if (regime is { } r && !Enum.IsDefined(r)) errors.Add(new("regime", "Validation.Invalid"));
        string? email = null, phone = null;
        if (!string.IsNullOrWhiteSpace(rawEmail) && (email = ContactPoints.NormalizeEmail(rawEmail)) is null) errors.Add(new("email", "Validation.Email"));
        if (!string.IsNullOrWhiteSpace(rawPhone) && (phone = ContactPoints.NormalizePhone(rawPhone, customerOptions.Value.DefaultPhoneRegion)) is null)
            errors.Add(new("phone", "Validation.Phone"));
        if (customerId is null && string.IsNullOrWhiteSpace(rawEmail) && string.IsNullOrWhiteSpace(rawPhone))
            errors.Add(new("customerId", "Privacy.SubjectRequired"));
        if (customerId is { } c && !await db.Customers.IgnoreQueryFilters().AnyAsync(x => x.Id == c, ct)) errors.Add(new("customerId", "Validation.Invalid"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (email, phone);
    }

    private static string Language(string? language) => language is "zh-CN" or "zh" ? "zh-CN" : "en";

    private IQueryable<SubjectRequestDto> Dtos(IQueryable<SubjectRequest> q)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return q.Select(r => new SubjectRequestDto(r.Id, r.Number, r.Type, r.Regime, r.Status, r.CustomerId,
            db.Customers.IgnoreQueryFilters().Where(c => c.Id == r.CustomerId).Select(c => c.Name).FirstOrDefault(),
            r.SubjectName, r.Email, r.Phone, r.Language, r.FromPublicForm, r.ReceivedAt, r.DueAt,
            r.DueAt < now && r.Status != SubjectRequestStatus.Completed && r.Status != SubjectRequestStatus.Refused,
            r.AssigneeId, db.Users.Where(u => u.Id == r.AssigneeId).Select(u => u.DisplayName ?? u.UserName).FirstOrDefault(),
            r.Notes, r.RefusalReason, r.ClosedAt, Outcome(r.Outcome), r.ExportId != null, r.ExportSize, r.ExportedAt, r.CreatedAt, r.Version));
    }

    private static SubjectRequestOutcome? Outcome(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<SubjectRequestOutcome>(json, SubjectErasure.OutcomeJson);
}
