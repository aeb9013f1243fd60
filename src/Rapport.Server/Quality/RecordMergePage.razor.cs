using Microsoft.AspNetCore.Components;
using Rapport.Core.Customers;
using Rapport.Core.Leads;
using Rapport.Core.Quality;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Quality;

/// <summary>Two contacts or two leads side by side, as <see cref="MergePage"/> shows two customers: which one survives
/// and, per field, whose value it keeps; then merge, and undo. Contacts of two different customers are shown but not
/// merged here (the customers are merged first).</summary>
public partial class RecordMergePage
{
    [Parameter] public Guid A { get; set; }
    [Parameter] public Guid B { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private static readonly (string Field, string Label)[] ContactFields =
        [("name", "Field.name"), ("title", "Field.title"), ("department", "Field.department"), ("isPrimary", "Field.isPrimary")];

    private static readonly (string Field, string Label)[] LeadFields =
    [
        ("name", "Field.name"), ("company", "Field.company"), ("title", "Field.title"), ("email", "Field.email"), ("phone", "Field.phone"),
        ("source", "Field.source"), ("industry", "Field.industry"), ("region", "Field.region"), ("country", "Field.country"), ("city", "Field.city"),
        ("notes", "Field.notes"), ("owner", "Field.owner"),
    ];

    /// <summary>One record as compared: its heading, the values shown per field, and (contacts) the phones and emails united.</summary>
    private sealed record Side(Guid Id, Guid? CustomerId, string Title, string? Detail, long Version, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Combined);

    private Side? _a, _b;
    private bool _keepA = true, _busy;
    private readonly HashSet<string> _fromLoser = [];
    private CustomerMergeDto? _merge;

    private bool IsLead => Nav.ToBaseRelativePath(Nav.Uri).StartsWith("quality/merge/leads/", StringComparison.Ordinal);
    private string Title => T[IsLead ? "Ui.MergeLeads" : "Ui.MergeContacts"];
    private (string Field, string Label)[] Fields => IsLead ? LeadFields : ContactFields;
    private Side? Loser => _keepA ? _b : _a;

    protected override async Task OnParametersSetAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            _a = await LoadAsync(A);
            _b = await LoadAsync(B);
        });
    }

    private async Task<Side> LoadAsync(Guid id)
    {
        if (IsLead)
        {
            var l = await Ops.RunAsync<LeadService, LeadDto>((s, ct) => s.GetAsync(id, ct));
            return new Side(l.Id, null, l.Name, l.Company, l.Version, new Dictionary<string, string>
            {
                ["name"] = l.Name, ["company"] = Dash(l.Company), ["title"] = Dash(l.Title), ["email"] = Dash(l.Email), ["phone"] = Dash(l.Phone),
                ["source"] = Dash(l.Source), ["industry"] = Dash(l.Industry), ["region"] = Dash(l.Region), ["country"] = Dash(l.Country),
                ["city"] = Dash(l.City), ["notes"] = Dash(l.Notes), ["owner"] = Dash(l.OwnerName),
            }, []);
        }
        var c = await Ops.RunAsync<ContactService, ContactDto>((s, ct) => s.FindAsync(id, ct));
        var customer = await Ops.RunAsync<CustomerService, CustomerDto>((s, ct) => s.GetAsync(c.CustomerId, ct));
        return new Side(c.Id, c.CustomerId, c.Name, customer.Name, c.Version, new Dictionary<string, string>
        {
            ["name"] = c.Name, ["title"] = Dash(c.Title), ["department"] = Dash(c.Department), ["isPrimary"] = c.IsPrimary ? "✓" : "—",
        }, [.. c.Phones, .. c.Emails]);
    }

    private static string Dash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;

    private string Open(Side s) => IsLead ? $"/leads/{s.Id}" : $"/customers/{s.CustomerId}";

    private bool Chosen(string field, bool fromA) => fromA == _keepA ? !_fromLoser.Contains(field) : _fromLoser.Contains(field);

    private void Choose(string field, bool fromA, bool on)
    {
        var fromLoser = fromA != _keepA;
        if (on == fromLoser) _fromLoser.Add(field);
        else _fromLoser.Remove(field);
    }

    private async Task MergeAsync()
    {
        var (survivor, loser) = _keepA ? (_a!, _b!) : (_b!, _a!);
        var input = new MergeInput(loser.Id, loser.Version, [.. _fromLoser]);
        _busy = true;
        await Feedback.TryAsync(async () => _merge = IsLead
            ? await Ops.RunAsync<MergeService, CustomerMergeDto>((s, ct) => s.MergeLeadAsync(survivor.Id, input, survivor.Version, ct))
            : await Ops.RunAsync<MergeService, CustomerMergeDto>((s, ct) => s.MergeContactAsync(survivor.CustomerId!.Value, survivor.Id, input, survivor.Version, ct)));
        _busy = false;
    }

    private async Task UndoAsync()
    {
        var merge = _merge!;
        if (await Feedback.TryAsync(async () => _merge = await Ops.RunAsync<MergeService, CustomerMergeDto>((s, ct) => s.UndoAsync(merge.Id, merge.Version, ct))))
            Feedback.Done(T["Ui.MergeUndone"]);
    }
}
