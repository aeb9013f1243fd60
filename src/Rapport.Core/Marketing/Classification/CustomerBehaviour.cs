namespace Rapport.Core.Marketing.Classification;

/// <summary>How a customer behaves lately: buying and in touch (active), in touch but never bought (potential),
/// quiet (dormant), or a buyer gone quiet for longer than the churn limit (churned).</summary>
public enum CustomerBehaviour { Active, Potential, Dormant, Churned }
