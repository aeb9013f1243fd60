namespace Rapport.Server.Components.Common;

/// <summary>A page only for callers holding one of these permissions (the same ones its API checks). Without one,
/// <see cref="PageGate"/> shows "not allowed" in place of the page, instead of a form that Save would refuse.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPermissionAttribute(params string[] anyOf) : Attribute
{
    public IReadOnlyList<string> AnyOf { get; } = anyOf;
}
