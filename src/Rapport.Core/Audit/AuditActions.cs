namespace Rapport.Core.Audit;

/// <summary>Every action an audit entry can name. Entries are searched and exported by these strings, so they
/// never change once shipped. Data changes are named by the audit interceptor: the entity type followed by
/// <see cref="Created"/>, <see cref="Updated"/>, <see cref="Deleted"/> or <see cref="Restored"/>.</summary>
public static class AuditActions
{
    // Suffixes the interceptor appends to an entity type ("customer" + Created = "customer.created").
    public const string Created = ".created";
    public const string Updated = ".updated";
    public const string Deleted = ".deleted";
    public const string Restored = ".restored";

    public const string SignInSucceeded = "auth.signin.succeeded";
    /// <summary>The password was right and a second factor is still to come.</summary>
    public const string SignInPasswordOk = "auth.signin.password-ok";
    public const string SignInFailed = "auth.signin.failed";
    /// <summary>Sign-ins from one address hit the rate limit (recorded at most once a minute per address).</summary>
    public const string SignInThrottled = "auth.signin.throttled";
    public const string SignOut = "auth.signout";
    public const string PasswordChanged = "auth.password.changed";
    /// <summary>A wrong current password when changing it.</summary>
    public const string PasswordGuessFailed = "auth.password.guess-failed";
    public const string SessionsRevoked = "auth.sessions.revoked";

    public const string MfaAuthenticatorStarted = "mfa.authenticator.started";
    public const string MfaEnabled = "mfa.enabled";
    public const string MfaDisabled = "mfa.disabled";
    /// <summary>An administrator removed someone's authenticator, recovery codes and passkeys.</summary>
    public const string MfaReset = "mfa.reset";
    public const string MfaRecoveryCodesRegenerated = "mfa.recovery-codes.regenerated";
    public const string PasskeyAdded = "mfa.passkey.added";
    public const string PasskeyRenamed = "mfa.passkey.renamed";
    public const string PasskeyRemoved = "mfa.passkey.removed";

    public const string TokenRevoked = "token.revoked";
    public const string TokensRevokedAll = "token.revoked.all";

    public const string UsersExported = "users.exported";
    public const string UserOffboarded = "user.offboarded";

    public const string CustomerPurged = "customer.purged";
    public const string CustomersExported = "customers.exported";
    /// <summary>A list taken out in bulk (background export): contacts, leads or deals, with the columns kept.</summary>
    public const string ContactsExported = "contacts.exported";
    public const string LeadsExported = "leads.exported";
    public const string OpportunitiesExported = "opportunities.exported";
    public const string CasesExported = "cases.exported";
    public const string InteractionsExported = "interactions.exported";
    /// <summary>A duplicate customer merged into another (the survivor's entry), with the counts of rows that moved.</summary>
    public const string CustomerMerged = "customer.merged";
    public const string CustomerMergeUndone = "customer.merge.undone";
    /// <summary>A duplicate contact or lead merged into another (the survivor's entry), with the counts of rows that moved.</summary>
    public const string ContactMerged = "contact.merged";
    public const string ContactMergeUndone = "contact.merge.undone";
    public const string LeadMerged = "lead.merged";
    public const string LeadMergeUndone = "lead.merge.undone";
    public const string CustomersExportedRevealed = "customers.exported.revealed";

    public const string PiiLookup = "pii.lookup";
    public const string PiiRevealed = "pii.revealed";
    public const string PiiKeyRotated = "pii.key.rotated";
    public const string PiiReencrypted = "pii.reencrypted";

    public const string AuditExported = "audit.exported";

    /// <summary>One batch of an import run (its rows are traced by the run's rows, not by an entry each).</summary>
    public const string ImportBatch = "import.batch";
    public const string ImportUndone = "import.undone";

    /// <summary>One retention policy applied: its name, cutoff and how many records went (one entry per policy and run).</summary>
    public const string RetentionApplied = "retention.applied";
    /// <summary>A data subject's rows in one table anonymised by an erasure request (one entry per table, with the count).</summary>
    public const string SubjectErased = "privacy.erased";
    /// <summary>A subject-access / portability ZIP made, or downloaded.</summary>
    public const string SubjectExported = "privacy.exported";
    public const string SubjectExportDownloaded = "privacy.export.downloaded";
    /// <summary>Processing of a subject's data restricted (or the restriction lifted).</summary>
    public const string SubjectRestricted = "privacy.restricted";
}
