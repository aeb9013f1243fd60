namespace Rapport.Server.Components.Common;

/// <summary>
/// Field errors shown as the user types, from the service's own rules (<paramref name="validate"/> throws the same
/// <see cref="RapportValidationException"/> the API answers with, so the messages match). A field's error shows
/// once the user has been in it; after a save attempt, all of them do.
/// </summary>
public sealed class LiveValidation(Action validate, Func<FieldError, string> message)
{
    private readonly HashSet<string> _touched = [];
    private bool _showAll;

    /// <summary>The current errors; a form sets them from the service's answer when a save is refused.</summary>
    public IReadOnlyList<FieldError> Errors { get; set; } = [];

    public bool Has(string field) => Visible(field) && Errors.Any(e => e.Field == field);

    public string? Message(string field) => Visible(field) ? Errors.Where(e => e.Field == field).Select(message).FirstOrDefault() : null;

    /// <summary>The user has been in these fields: run the rules and show their errors from now on.</summary>
    public void Touch(params string[] fields)
    {
        _touched.UnionWith(fields);
        Check();
    }

    /// <summary>Before saving: runs the rules and shows every error; true when there is none.</summary>
    public bool CheckAll()
    {
        _showAll = true;
        Check();
        return Errors.Count == 0;
    }

    private bool Visible(string field) => _showAll || _touched.Contains(field);

    private void Check()
    {
        try
        {
            validate();
            Errors = [];
        }
        catch (RapportValidationException e)
        {
            Errors = e.Errors;
        }
    }
}
