using MudBlazor;

namespace Rapport.Server.Components.Common;

/// <summary>Turns the outcome of a UI operation into something a person can act on: the same localized messages
/// as the API's problem details, and for the unexpected a correlation id (logged with the error), never a stack trace.</summary>
public sealed class Feedback(ISnackbar snackbar, IStringLocalizer<SharedResource> text, ILogger<Feedback> log)
{
    /// <summary>Runs <paramref name="action"/>. Validation errors go to <paramref name="onValidation"/> when given
    /// (a form shows them next to its fields), otherwise to a message. Returns whether it succeeded.</summary>
    public async Task<bool> TryAsync(Func<Task> action, Action<IReadOnlyList<FieldError>>? onValidation = null)
    {
        try
        {
            await action();
            return true;
        }
        catch (RapportValidationException e) when (onValidation is not null)
        {
            onValidation(e.Errors);
            snackbar.Add(text["Problem.Validation"], Severity.Warning);
        }
        catch (RapportValidationException e)
        {
            snackbar.Add(string.Join(" ", e.Errors.Select(Labelled).Distinct()), Severity.Warning);
        }
        catch (NotFoundException)
        {
            snackbar.Add(text["Problem.NotFound"], Severity.Warning);
        }
        catch (ForbiddenException)
        {
            snackbar.Add(text["Problem.Forbidden"], Severity.Error);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            snackbar.Add(text["Problem.Conflict"], Severity.Warning);
        }
        catch (Exception e) when (DbErrors.IsTransient(e))
        {
            snackbar.Add(text["Problem.Busy"], Severity.Warning);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DuplicateWarningException)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            log.LogError(e, "UI operation failed (reference {Reference})", reference);
            snackbar.Add(text["Ui.UnexpectedError", reference], Severity.Error);
        }
        return false;
    }

    public string Message(FieldError e) => text[e.Code, e.Args];

    /// <summary>The message with the field's label in front, for a message shown away from its form
    /// ("Expected close: Required before the deal can enter “Proposal”.").</summary>
    private string Labelled(FieldError e) =>
        text["Field." + e.Field] is { ResourceNotFound: false } label ? text["Ui.FieldMessage", label.Value, Message(e)] : Message(e);

    public void Done(string message) => snackbar.Add(message, Severity.Success);

    public void Warn(string message) => snackbar.Add(message, Severity.Warning);
}
