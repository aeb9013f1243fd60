namespace Rapport.Core.ServiceDesk;

/// <summary>How urgent a case is, lowest first; SLA targets are set per priority.</summary>
public enum CasePriority { Low, Normal, High, Urgent }
