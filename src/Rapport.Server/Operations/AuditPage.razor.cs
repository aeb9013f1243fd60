using Microsoft.AspNetCore.Components;
using Rapport.Core.Audit;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Operations;

/// <summary>The audit log: search by time, user, record, action and changed field; each entry opens to its changes
/// field by field; export of what the filters match; verification of the hash chain.</summary>
public sealed partial class AuditPage
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private readonly List<AuditEntryDto> _rows = [];
    private readonly HashSet<Guid> _open = [];
    private IReadOnlyList<PersonDto> _people = [];
    private string? _next, _entityType, _entityId, _action, _field;
    private DateTime? _from, _to;
    private Guid? _user;
    private bool _loading, _verifying;
    private AuditVerification? _verification;

    protected override async Task OnInitializedAsync()
    {
        await Feedback.TryAsync(async () => _people = await Ops.RunAsync<PreferenceService, IReadOnlyList<PersonDto>>((s, ct) => s.PeopleAsync(ct)));
        await LoadAsync(null);
    }

    /// <summary>The filters as the search takes them: dates are the reader's calendar days, "to" included.</summary>
    private AuditQuery Query(string? cursor) => new(
        _from is { } f ? Time.ToUtc(f.Date) : null, _to is { } t ? Time.ToUtc(t.Date.AddDays(1)) : null, _user,
        Blank(_entityType), Blank(_entityId), Blank(_action), cursor, 50, Blank(_field));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private string ExportUrl
    {
        get
        {
            var q = Query(null);
            var parts = new List<string>();
            void Add(string name, string? value)
            {
                if (value is not null) parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
            Add("from", q.From?.ToString("O", CultureInfo.InvariantCulture));
            Add("to", q.To?.ToString("O", CultureInfo.InvariantCulture));
            Add("userId", q.UserId?.ToString());
            Add("entityType", q.EntityType);
            Add("entityId", q.EntityId);
            Add("action", q.Action);
            Add("field", q.Field);
            return "/api/v1/audit/export" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
        }
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null)
        {
            _rows.Clear();
            _open.Clear();
        }
        var query = Query(cursor);
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<AuditTrail, Page<AuditEntryDto>>((s, ct) => s.SearchAsync(query, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private Task ClearAsync()
    {
        (_from, _to, _user, _entityType, _entityId, _action, _field) = (null, null, null, null, null, null, null);
        return LoadAsync(null);
    }

    private void Toggle(AuditEntryDto e)
    {
        if (!_open.Remove(e.Id)) _open.Add(e.Id);
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        // Read-only, as the API's verify: the chain is checked, nothing is sealed. The page is for audit.read holders
        // only (its RequiresPermission), the permission the API's verify checks.
        await Feedback.TryAsync(async () => _verification = await Ops.RunAsync<AuditChain, AuditVerification>((s, ct) => s.VerifyAsync(ct)));
        _verifying = false;
    }
}
