using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Customers;
using Rapport.Core.Preferences;
using Rapport.Core.Privacy;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Customers;

public sealed partial class CustomerForm
{
    private MudForm? _form;
    private string? _name;
    private CustomerKind _kind = CustomerKind.Company;
    private List<string> _phones = [""];
    private List<string> _emails = [""];
    private string? _country, _region, _city, _street, _postcode, _label;
    private List<AddressDto> _moreAddresses = [];
    private ValueTier _tier = ValueTier.Medium;
    private LifecycleStage _stage = LifecycleStage.New;
    private Guid? _owner;
    private string? _industry, _source, _tags, _notes, _nationalId, _bankAccount;
    private DateTime? _dateOfBirth;
    // Values that came masked: shown read-only and sent back as they are, which the service reads as "keep".
    private List<string> _maskedPhones = [], _maskedEmails = [];
    private string? _maskedDateOfBirth;
    private bool _saving;
    private LiveValidation _check = default!;

    /// <summary>The customer being edited; null creates a new one.</summary>
    [Parameter] public CustomerDto? Initial { get; set; }
    [Parameter] public IReadOnlyList<PersonDto> People { get; set; } = [];
    [Parameter] public bool CanAssign { get; set; }
    [Parameter] public EventCallback<CustomerDto> OnSaved { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IOptions<CustomerOptions> Options { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    protected override void OnInitialized()
    {
        _check = new LiveValidation(() => CustomerRules.Validate(Input(), Options.Value.DefaultPhoneRegion, acceptMasked: true), Feedback.Message);
        if (Initial is not { } c) return;
        _name = c.Name;
        _kind = c.Kind;
        _maskedPhones = [.. c.Phones.Where(SensitiveFields.IsMasked)];
        _maskedEmails = [.. c.Emails.Where(SensitiveFields.IsMasked)];
        _phones = c.Phones.Count > _maskedPhones.Count ? [.. c.Phones.Where(p => !SensitiveFields.IsMasked(p))] : [""];
        _emails = c.Emails.Count > _maskedEmails.Count ? [.. c.Emails.Where(e => !SensitiveFields.IsMasked(e))] : [""];
        // The form edits the first address; any others are kept as they are.
        // By name, never by position: AddressDto's order (country, city, region) is not the form's (country, region, city).
        if (c.Addresses.Count > 0 && c.Addresses[0] is var a)
        {
            _country = a.Country; _region = a.Region; _city = a.City;
            _street = a.Street; _postcode = a.Postcode; _label = a.Label;
        }
        _moreAddresses = [.. c.Addresses.Skip(1)];
        _tier = c.Tier;
        _stage = c.Stage;
        _owner = c.OwnerId;
        _industry = c.Industry;
        _source = c.Source;
        _tags = string.Join(", ", c.Tags);
        _notes = c.Notes;
        _nationalId = c.NationalId;
        _bankAccount = c.BankAccount;
        _maskedDateOfBirth = SensitiveFields.IsMasked(c.DateOfBirth) ? c.DateOfBirth : null;
        _dateOfBirth = DateTime.TryParse(c.DateOfBirth, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob) ? dob : null;
    }

    private bool Has(string field) => _check.Has(field);
    private string? Err(string field) => _check.Message(field);
    private Dictionary<string, object> Described(string field) => new() { ["aria-invalid"] = Has(field) ? "true" : "false" };
    private void Touch(params string[] fields) => _check.Touch(fields);

    internal CustomerInput Input() => new()
    {
        Name = _name, Kind = _kind,
        Phones = [.. _maskedPhones, .. _phones.Where(p => !string.IsNullOrWhiteSpace(p))],
        Emails = [.. _maskedEmails, .. _emails.Where(e => !string.IsNullOrWhiteSpace(e))],
        Ims = Initial?.Ims.ToList(),
        Addresses = [new AddressDto(Country: _country, City: _city, Region: _region, Street: _street, Postcode: _postcode, Label: _label), .. _moreAddresses],
        Industry = T.KeyOf(ReferenceText.Industry, ReferenceText.Industries, _industry),
        Source = T.KeyOf(ReferenceText.Source, ReferenceText.Sources, _source), Tier = _tier, Stage = _stage,
        OwnerId = CanAssign ? _owner : Initial?.OwnerId,
        Tags = (_tags ?? "").Split([',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        Notes = _notes,
        NationalId = string.IsNullOrWhiteSpace(_nationalId) ? null : _nationalId,
        BankAccount = string.IsNullOrWhiteSpace(_bankAccount) ? null : _bankAccount,
        DateOfBirth = _maskedDateOfBirth ?? (_dateOfBirth is { } d ? DateOnly.FromDateTime(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
    };

    private async Task SubmitAsync()
    {
        if (!_check.CheckAll()) return;
        _saving = true;
        try
        {
            await SaveAsync(confirmDuplicate: false);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task SaveAsync(bool confirmDuplicate)
    {
        var input = Input();
        CustomerDto? saved = null;
        try
        {
            var ok = await Feedback.TryAsync(async () => saved = Initial is { } current
                    ? await Ops.RunAsync<CustomerService, CustomerDto>((s, ct) => s.UpdateAsync(current.Id, input, current.Version, ct))
                    : await Ops.RunAsync<CustomerService, CustomerDto>((s, ct) => s.CreateAsync(input, confirmDuplicate, ct)),
                errors => _check.Errors = errors);
            if (ok) await OnSaved.InvokeAsync(saved!);
        }
        catch (DuplicateWarningException e)
        {
            if (await DuplicateDialog.ConfirmAsync(Dialogs, e, T["Ui.PossibleDuplicates"])) await SaveAsync(confirmDuplicate: true);
        }
    }
}
