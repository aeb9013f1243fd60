using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Identity;

/// <summary>Users for administrators: a keyset-paged list filtered by text, status, role and team; invitations (one
/// or a CSV) and the export; a drawer to edit someone's profile, roles and team, suspend or reactivate them, sign them
/// out everywhere, reset their second factor, and offboard them with everything they own handed to a colleague.</summary>
public sealed partial class UsersAdmin
{
    private const int MaxImportBytes = 1024 * 1024;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private sealed class Inviting
    {
        public string? UserName, DisplayName, Email;
        public IReadOnlyCollection<string> Roles = [];
        public Guid? TeamId;
    }

    private sealed class Editing
    {
        public string? DisplayName, Email, Position, Culture, TimeZone;
        public IReadOnlyCollection<string> Roles = [];
        public Guid? TeamId;
    }

    private readonly List<UserDto> _rows = [];
    private readonly List<(string Name, string Link)> _links = [];
    private IReadOnlyList<RoleNameDto> _roleNames = [];
    private IReadOnlyList<TeamNameDto> _teams = [];
    private IReadOnlyList<PersonDto> _people = [];
    private string? _next, _q;
    private UserStatus? _status;
    private Guid? _role, _team, _heir;
    private bool _loading, _inviting, _drawer;
    private Inviting _invite = new();
    private UserDto? _user;
    private Editing _edit = new();
    private OffboardResult? _offboarded;

    protected override async Task OnInitializedAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            _roleNames = await Ops.RunAsync<UserAdminService, IReadOnlyList<RoleNameDto>>((s, ct) => s.RoleNamesAsync(ct));
            _teams = await Ops.RunAsync<PreferenceService, IReadOnlyList<TeamNameDto>>((s, ct) => s.TeamsAsync(ct));
            _people = await Ops.RunAsync<PreferenceService, IReadOnlyList<PersonDto>>((s, ct) => s.PeopleAsync(ct));
        });
        await LoadAsync(null);
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null) _rows.Clear();
        var (status, team, role, q) = (_status, _team, _role, _q);
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<UserAdminService, Page<UserDto>>((s, ct) => s.ListAsync(status, team, role, q, cursor, 50, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private Task FilterAsync(Action set)
    {
        set();
        return LoadAsync(null);
    }

    private string TeamName(Guid? id) => id is { } t ? _teams.FirstOrDefault(x => x.Id == t)?.Name ?? "" : "";

    private static Color StatusColor(UserStatus s) => s switch
    {
        UserStatus.Active => Color.Success,
        UserStatus.Invited => Color.Info,
        UserStatus.Suspended => Color.Warning,
        _ => Color.Dark,
    };

    private async Task InviteAsync()
    {
        var i = _invite;
        var input = new InviteInput(i.UserName, i.DisplayName, i.Email, [.. i.Roles], i.TeamId);
        Invitation? sent = null;
        if (!await Feedback.TryAsync(async () => sent = await Ops.RunAsync<UserAdminService, Invitation>((s, ct) => s.InviteAsync(input, ct)))) return;
        Remember([sent!]);
        (_invite, _inviting) = (new(), false);
        await LoadAsync(null);
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null) return;
        IReadOnlyList<Invitation> sent = [];
        var ok = await Feedback.TryAsync(async () =>
        {
            await using var stream = file.OpenReadStream(MaxImportBytes);
            var inputs = await UserEndpoints.InvitesFromCsvAsync(stream, CancellationToken.None);
            sent = await Ops.RunAsync<UserAdminService, IReadOnlyList<Invitation>>((s, ct) => s.ImportAsync(inputs, "rows", ct));
        });
        if (!ok) return;
        Feedback.Done(T["Ui.UsersImported", sent.Count]);
        Remember(sent);
        await LoadAsync(null);
    }

    /// <summary>The links are shown once (only their hashes are stored): the administrator passes them on.</summary>
    private void Remember(IEnumerable<Invitation> sent) =>
        _links.AddRange(sent.Select(i => (i.User.UserName, Nav.ToAbsoluteUri(i.Link).ToString())));

    private void Open(UserDto user)
    {
        (_user, _heir, _offboarded, _drawer) = (user, null, null, true);
        _edit = new Editing
        {
            DisplayName = user.DisplayName, Email = user.Email, Position = user.Position, Culture = user.Culture, TimeZone = user.TimeZone,
            Roles = [.. user.Roles], TeamId = user.TeamId,
        };
    }

    private async Task SaveAsync()
    {
        if (_user is not { } user) return;
        var e = _edit;
        var profile = new UserProfileInput(e.DisplayName, e.Email, e.Position, e.Culture, e.TimeZone);
        var access = new UserAccessInput([.. e.Roles], e.TeamId, user.ManagerId);
        var ok = await Feedback.TryAsync(async () =>
        {
            await Ops.RunAsync<UserAdminService, UserDto>((s, ct) => s.UpdateAsync(user.Id, profile, ct));
            await Ops.RunAsync<AccessAdminService, UserAccessDto>((s, ct) => s.SetUserAccessAsync(user.Id, access, ct));
        });
        if (!ok) return;
        Feedback.Done(T["Ui.Saved"]);
        await RefreshAsync(user.Id);
    }

    private Task SuspendAsync() => ActAsync("Ui.ConfirmSuspend", (s, id, ct) => s.SuspendAsync(id, ct));

    private Task ReactivateAsync() => ActAsync(null, (s, id, ct) => s.ReactivateAsync(id, ct));

    private Task SignOutAsync() => ActAsync("Ui.ConfirmSignOutUser", (s, id, ct) => s.SignOutEverywhereAsync(id, ct));

    private Task ResetMfaAsync() => ActAsync("Ui.ConfirmResetMfa", (s, id, ct) => s.ResetMfaAsync(id, ct));

    /// <summary>One action on the open user, confirmed first when <paramref name="confirm"/> names the question.</summary>
    private async Task ActAsync(string? confirm, Func<UserAdminService, Guid, CancellationToken, Task<UserDto>> act)
    {
        if (_user is not { } user) return;
        if (confirm is not null && !await ConfirmAsync(T[confirm, Name(user)])) return;
        if (!await Feedback.TryAsync(() => Ops.RunAsync<UserAdminService, UserDto>((s, ct) => act(s, user.Id, ct)))) return;
        Feedback.Done(T["Ui.Done"]);
        await RefreshAsync(user.Id);
    }

    private async Task OffboardAsync()
    {
        if (_user is not { } user || _heir is not { } heir) return;
        var heirName = _people.FirstOrDefault(p => p.Id == heir) is { } p ? p.DisplayName ?? p.UserName : "";
        if (!await ConfirmAsync(T["Ui.ConfirmOffboard", Name(user), heirName])) return;
        OffboardResult? result = null;
        if (!await Feedback.TryAsync(async () =>
                result = await Ops.RunAsync<UserAdminService, OffboardResult>((s, ct) => s.OffboardAsync(user.Id, new OffboardInput(heir), ct)))) return;
        await RefreshAsync(user.Id);
        _offboarded = result;
    }

    private string OffboardSummary(OffboardResult r) => T["Ui.OffboardDone", T.Plural("Ui.CountCustomers", r.CustomersReassigned),
        T.Plural("Ui.CountLeads", r.LeadsReassigned), T.Plural("Ui.CountOpportunities", r.OpportunitiesReassigned),
        T.Plural("Ui.CountContracts", r.ContractsReassigned), T.Plural("Ui.CountOrders", r.OrdersReassigned),
        T.Plural("Ui.CountCases", r.CasesReassigned), T.Plural("Ui.CountOpenTasks", r.TasksReassigned)];

    private async Task<bool> ConfirmAsync(string question) =>
        await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], question, T["Ui.Confirm"], cancelText: T["Ui.Cancel"]) == true;

    private static string Name(UserDto u) => u.DisplayName ?? u.UserName;

    /// <summary>Reads the user again, in the drawer and in the list.</summary>
    private async Task RefreshAsync(Guid id)
    {
        UserDto? fresh = null;
        if (!await Feedback.TryAsync(async () => fresh = await Ops.RunAsync<UserAdminService, UserDto>((s, ct) => s.GetAsync(id, ct)))) return;
        var at = _rows.FindIndex(r => r.Id == id);
        if (at >= 0) _rows[at] = fresh!;
        Open(fresh!);
    }
}
