using Microsoft.AspNetCore.Components;
using Rapport.Core.Privacy.Requests;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Privacy;

/// <summary>The privacy desk's list of data-subject requests (newest first, overdue ones flagged) and the intake form.</summary>
public partial class SubjectRequestList
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private readonly List<SubjectRequestDto> _rows = [];
    private string? _next;
    private string _filter = "all";
    private bool _loading, _canManage;
    private SubjectRequestType _type;
    private PrivacyRegime _regime;
    private string? _name, _email, _phone;

    protected override async Task OnInitializedAsync()
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.PrivacyManage);
        await LoadAsync(null);
    }

    private async Task FilterAsync(string? filter)
    {
        _filter = filter ?? "all";
        await LoadAsync(null);
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null) _rows.Clear();
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<SubjectRequestService, Page<SubjectRequestDto>>((s, ct) =>
                s.ListAsync(null, _filter == "open" ? true : null, _filter == "overdue" ? true : null, cursor, 50, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private async Task CreateAsync()
    {
        SubjectRequestDto? created = null;
        if (await Feedback.TryAsync(async () => created = await Ops.RunAsync<SubjectRequestService, SubjectRequestDto>((s, ct) =>
                s.CreateAsync(new SubjectRequestInput(_type, null, _name, _email, _phone, _regime), ct))))
            Nav.NavigateTo($"/privacy/requests/{created!.Id}");
    }
}
