using System.Reflection;

namespace Rapport.Core.Operations;

/// <summary>The version of this build: <c>&lt;Version&gt;</c> in Directory.Build.props (semantic, <c>0.9.0</c>) and the
/// informational version the SDK stamps with the commit it was built from (<c>0.9.0+1a2b3c4…</c>). The UI, <c>/health</c>
/// and <c>rapport --version</c> all read it from here.</summary>
public static class AppVersion
{
    /// <summary><c>0.9.0+&lt;commit&gt;</c>, or just the version when the build knew no commit.</summary>
    public static string Informational { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The semantic version without build metadata.</summary>
    public static string Semantic { get; } = Informational.Split('+')[0];

    /// <summary>The commit's short hash, when the build recorded one.</summary>
    public static string? Commit { get; } = Informational.Split('+') is [_, var c, ..] && c.Length > 0 ? c[..Math.Min(12, c.Length)] : null;

    /// <summary>How people read it: <c>0.9.0 (1a2b3c4d5e6f)</c>.</summary>
    public static string Display => Commit is null ? Semantic : $"{Semantic} ({Commit})";
}
