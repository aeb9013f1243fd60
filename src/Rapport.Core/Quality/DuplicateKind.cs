namespace Rapport.Core.Quality;

/// <summary>What kind of record a duplicate pair or a merge is about. Pairs and merges recorded before contacts and
/// leads were scanned are customers' (the migration's default).</summary>
public enum DuplicateKind { Customer, Contact, Lead }
