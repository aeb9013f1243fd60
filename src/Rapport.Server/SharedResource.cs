[assembly: Microsoft.Extensions.Localization.RootNamespace("Rapport.Server")]

namespace Rapport.Server;

/// <summary>Marker type for the shared en / zh-CN strings in Resources/SharedResource*.resx.</summary>
#pragma warning disable CA1052
public sealed class SharedResource;
#pragma warning restore CA1052
