namespace Rapport.Core.Privacy.Requests;

/// <summary>Signed links that verify a public request's email address: opening one makes the request received.</summary>
public interface ISubjectRequestLinks
{
    string VerifyUrl(Guid requestId);

    /// <summary>The request a token names, or null when nobody signed it, it was changed or it expired.</summary>
    Guid? Read(string token);
}
