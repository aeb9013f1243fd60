namespace Rapport.Server.Infrastructure;

/// <summary>Keeps personal data out of the logs whatever level an operator turns them up to.</summary>
internal static class LogRedaction
{
    /// <summary>ASP.NET Core's request lines ("Request starting GET …?q=…") carry the full query string, which holds
    /// what people search for (phone numbers, emails, names). This category is held at Warning — more specific than
    /// any <c>Microsoft.AspNetCore</c> level in configuration — so those lines are never written; request counts and
    /// durations come from the metrics endpoint instead.</summary>
    public static ILoggingBuilder KeepPersonalDataOut(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
}
