using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Rapport.Core.Operations;
using Rapport.Core.Settings;

namespace Rapport.Server.Operations;

/// <summary>Where a configuration value came from.</summary>
public enum ConfigurationSource { Default, File, Environment, CommandLine, Host, Database }

/// <summary>One configuration key as the app reads it now: its value (secrets masked), where that value came from, and
/// <see cref="Origin"/> (the file's name for <see cref="ConfigurationSource.File"/>; <c>settings</c> for an
/// administrator-editable settings section, whose key is <c>section.field</c>).</summary>
public sealed record ConfigurationEntry(string Key, string? Value, ConfigurationSource Source, string? Origin = null);

/// <summary>A configuration section the app binds to an options class: every public property is a key it reads, with
/// the class's default. Modules with options register theirs (<c>services.AddSingleton(new SettingsOptionsSection("Backup", typeof(BackupOptions)))</c>)
/// so the effective configuration lists them before anyone sets them.</summary>
public sealed record SettingsOptionsSection(string Section, Type Options);

/// <summary>A key read directly from configuration (not through an options class), with the default the code uses.</summary>
public sealed record SettingsKnownKey(string Key, string? Default);

/// <summary>The effective configuration: every key the app reads — options sections, keys read directly, anything set
/// in a file or on the command line, environment variables under a known section — and every database settings field,
/// each with its value and where it came from (the last provider that has it wins, as in the configuration itself).
/// Secrets are masked by <see cref="Secrets"/>.</summary>
public sealed class SettingsConfiguration(IConfiguration config, IEnumerable<SettingsOptionsSection> sections,
    IEnumerable<SettingsKnownKey> knownKeys, SettingsHistory settings, ICurrentUser user)
{
    public async Task<IReadOnlyList<ConfigurationEntry>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var providers = Flatten(config).ToList();
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in sections)
        {
            var instance = Activator.CreateInstance(s.Options);
            foreach (var p in s.Options.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
                defaults[$"{s.Section}:{p.Name}"] = Convert.ToString(p.GetValue(instance), CultureInfo.InvariantCulture);
        }
        foreach (var k in knownKeys) defaults[k.Key] = k.Default;

        var tops = defaults.Keys.Select(k => k.Split(':')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keys = new SortedSet<string>(defaults.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var p in providers)
            foreach (var key in Leaves(p, null))
                // The environment holds the whole machine's variables (PATH, HOME…): only those under a section the app reads.
                if (p is not EnvironmentVariablesConfigurationProvider || tops.Contains(key.Split(':')[0])) keys.Add(key);

        var entries = new List<ConfigurationEntry>();
        foreach (var key in keys)
        {
            var from = providers.LastOrDefault(p => p.TryGet(key, out _));
            if (from is null)
            {
                entries.Add(new(key, Secrets.Show(key, defaults.GetValueOrDefault(key)), ConfigurationSource.Default));
                continue;
            }
            from.TryGet(key, out var value);
            var (source, origin) = Describe(from);
            entries.Add(new(key, Secrets.Show(key, value), source, origin));
        }
        foreach (var section in await settings.SectionsAsync(ct))
            foreach (var f in section.Fields)
                entries.Add(new($"{section.Key}.{f.Field}", f.Value, f.Stored ? ConfigurationSource.Database : ConfigurationSource.Default, "settings"));
        return entries;
    }

    /// <summary>Every provider in the order the configuration consults them, chained configurations opened up.</summary>
    private static IEnumerable<IConfigurationProvider> Flatten(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root) yield break;
        foreach (var p in root.Providers)
        {
            if (p is ChainedConfigurationProvider { Configuration: var inner })
                foreach (var q in Flatten(inner)) yield return q;
            else yield return p;
        }
    }

    private static IEnumerable<string> Leaves(IConfigurationProvider p, string? parent)
    {
        foreach (var child in p.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parent is null ? child : parent + ":" + child;
            if (p.TryGet(path, out _)) yield return path;
            foreach (var leaf in Leaves(p, path)) yield return leaf;
        }
    }

    private static (ConfigurationSource, string?) Describe(IConfigurationProvider p) => p switch
    {
        FileConfigurationProvider f => (ConfigurationSource.File, Path.GetFileName(f.Source.Path)),
        EnvironmentVariablesConfigurationProvider => (ConfigurationSource.Environment, null),
        CommandLineConfigurationProvider => (ConfigurationSource.CommandLine, null),
        _ => (ConfigurationSource.Host, null),
    };
}
